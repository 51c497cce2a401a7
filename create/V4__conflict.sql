-- Conflicts found while applying with ConflictPolicy.LOG: the source's images and the target's
-- row at the time, written in the same transaction as the change that resolved them.
-- iso2db creates it when missing.
CREATE DATABASE IF NOT EXISTS `iso2db`;
CREATE TABLE IF NOT EXISTS `iso2db`.`conflict` (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  task          VARCHAR(128)    NOT NULL,
  detected_at   TIMESTAMP(6)    NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  gtid          VARCHAR(255)    NULL,
  table_name    VARCHAR(200)    NOT NULL,
  operation     VARCHAR(8)      NOT NULL,   -- INSERT, UPDATE, DELETE
  kind          VARCHAR(16)     NOT NULL,   -- DUPLICATE_KEY, ROW_DIFFERS, ROW_MISSING
  source_before LONGTEXT        NULL,       -- JSON object: column -> value
  source_after  LONGTEXT        NULL,
  target_row    LONGTEXT        NULL,       -- the target's row before the source's change won
  PRIMARY KEY (id),
  KEY (task, detected_at)
) ENGINE = InnoDB;
