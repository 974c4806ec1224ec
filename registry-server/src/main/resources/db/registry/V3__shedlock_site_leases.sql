-- ehr: the per-site lease of EHR sync is a ShedLock lock (name ehr-sync:<site>), its table as ShedLock's JDBC
-- provider reads it with database time; it replaces RR_EHR_SITE_LOCK. A lease held at the upgrade is dropped with
-- it: the upgrade stops the registry, and the run it belonged to is marked abandoned by the next sync of its site.
CREATE TABLE RR_SHEDLOCK (
    NAME VARCHAR(100) NOT NULL PRIMARY KEY,
    LOCK_UNTIL TIMESTAMP NOT NULL,
    LOCKED_AT TIMESTAMP NOT NULL,
    LOCKED_BY VARCHAR(255) NOT NULL
);
DROP TABLE RR_EHR_SITE_LOCK;
