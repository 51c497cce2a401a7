-- Position of each task, kept in the target and written in the same transaction as the data
-- (CheckpointStore.inTarget(), the default). iso2db creates it when missing; the database
-- name is configurable (default `iso2db`).
CREATE DATABASE IF NOT EXISTS `iso2db`;
CREATE TABLE IF NOT EXISTS `iso2db`.`checkpoint` (
  task        VARCHAR(128)    NOT NULL,
  server_id   BIGINT UNSIGNED NOT NULL,
  binlog_file VARCHAR(255)    NULL,
  binlog_pos  BIGINT UNSIGNED NULL,
  gtid_set    TEXT            NULL,
  updated_at  TIMESTAMP(6)    NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (task)
) ENGINE = InnoDB;
