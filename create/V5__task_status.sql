-- What the service reports of each task (iso2db status reads it, wherever the service runs): written on
-- every lifecycle change and every few seconds, in the status database (dump2db) when the task has a
-- [status] section, else in the target's iso2db database. iso2db creates it when missing.
CREATE DATABASE IF NOT EXISTS `iso2db`;
CREATE TABLE IF NOT EXISTS `iso2db`.`task_status` (
  task        VARCHAR(128)    NOT NULL,
  server_id   BIGINT UNSIGNED NOT NULL,
  node        VARCHAR(255)    NOT NULL,
  state       VARCHAR(16)     NOT NULL,
  binlog_file VARCHAR(255)    NULL,
  binlog_pos  BIGINT UNSIGNED NULL,
  gtid_set    TEXT            NULL,
  lag_ms      BIGINT          NULL,
  transactions BIGINT UNSIGNED NOT NULL DEFAULT 0,
  last_error  TEXT            NULL,
  updated_at  TIMESTAMP(6)    NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (task)
) ENGINE = InnoDB;
