-- Tables made by releases before Flyway that differ from V1's shape; on a database made by V1 each statement
-- changes nothing. RR_TRIAL_OUTBOX.PENDING_SINCE was NOT NULL and set on every row: it is now null once dispatched,
-- so that the pending trials are a range of its index. RR_EHR_SYNC_RUN had no PUSHED_COUNT.
ALTER TABLE RR_TRIAL_OUTBOX ALTER COLUMN PENDING_SINCE DROP NOT NULL;
UPDATE RR_TRIAL_OUTBOX SET PENDING_SINCE = NULL WHERE REVISION = DISPATCHED_REVISION AND PENDING_SINCE IS NOT NULL;
ALTER TABLE RR_EHR_SYNC_RUN ADD COLUMN IF NOT EXISTS PUSHED_COUNT BIGINT DEFAULT 0 NOT NULL;
