-- The classic status database (seed [status] section): one row per replica server_id,
-- written after each data commit (CheckpointStore.jdbc(...)). iso2db creates it when missing.
CREATE DATABASE IF NOT EXISTS `dump2db`;
CREATE TABLE IF NOT EXISTS `dump2db`.`position` (
  server_id   BIGINT UNSIGNED NOT NULL,
  task        VARCHAR(128)    NOT NULL,
  binlog_file VARCHAR(255)    NULL,
  binlog_pos  BIGINT UNSIGNED NULL,
  gtid_set    TEXT            NULL,
  updated_at  TIMESTAMP(6)    NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (server_id)
) ENGINE = InnoDB;
