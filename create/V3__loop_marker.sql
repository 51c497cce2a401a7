-- Loop control (multi-region): every transaction iso2db applies with loop control on starts by
-- writing one row here, so readers of this server's binlog know where the transaction came from
-- and skip what would echo back. Create it once on every server that receives changes with
-- loop control on (LoopControl.installMarkerTable(target) runs this script). The table must be
-- InnoDB and written to the binlog (not excluded by binlog_ignore_db).
CREATE DATABASE IF NOT EXISTS `iso2db`;
CREATE TABLE IF NOT EXISTS `iso2db`.`marker` (
  origin     INT UNSIGNED      NOT NULL,  -- region where the transaction was first written
  slot       SMALLINT UNSIGNED NOT NULL,  -- spreads writers over rows so no single row is hot
  seq        BIGINT UNSIGNED   NOT NULL,  -- transactions applied through this row
  ddl_thread BIGINT UNSIGNED   NULL,      -- set when the next statement of this connection is a DDL
  PRIMARY KEY (origin, slot)
) ENGINE = InnoDB;
