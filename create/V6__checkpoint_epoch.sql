-- Fencing for cluster mode: each take-over of a task raises its epoch in one transaction; every checkpoint
-- write of an owner checks the epoch it took over with, so a former owner can never commit again.
-- iso2db adds the column when it is missing (MariaDB and MySQL alike: it checks information_schema first).
ALTER TABLE `iso2db`.`checkpoint` ADD COLUMN epoch BIGINT UNSIGNED NOT NULL DEFAULT 0;
