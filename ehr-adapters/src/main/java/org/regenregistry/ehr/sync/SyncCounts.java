package org.regenregistry.ehr.sync;

/**
 * What a sync did with the resources it read from the EHR, and what it wrote back.
 *
 * @param unchanged written again with the same content: the registry kept its version (a re-run creates nothing)
 * @param skipped not for the registry or not mappable (see the run's issues)
 * @param failed mapped, but the registry refused them, or an enrolment the EHR refused (see the run's issues)
 * @param pushed EHR ResearchSubjects created or updated from the registry's enrolments (read-write sites)
 */
public record SyncCounts(
        long read, long created, long updated, long unchanged, long skipped, long failed, long pushed) {

    /** What a run that did nothing (or failed before it wrote) did. */
    public static final SyncCounts NONE = new SyncCounts(0, 0, 0, 0, 0, 0, 0);
}
