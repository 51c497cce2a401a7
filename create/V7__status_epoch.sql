-- Fencing for cluster mode in the status database: a status row remembers the epoch of the owner that wrote
-- it, and a former owner (lower epoch) can no longer move it. iso2db adds the column when it is missing.
ALTER TABLE `dump2db`.`position` ADD COLUMN epoch BIGINT UNSIGNED NOT NULL DEFAULT 0;
