package org.regenregistry.server.ehr;

import java.time.Instant;
import java.util.List;

/**
 * One sync of one site, as the admin API shows it.
 *
 * @param triggeredBy {@code schedule} or {@code api}
 * @param method {@code poll} or {@code bulk}
 * @param issues what was skipped or failed and why (up to {@link SyncRuns#ISSUES_KEPT}); empty in run lists
 */
public record SyncRun(
        String runId,
        String siteId,
        String triggeredBy,
        String method,
        State state,
        Instant startedAt,
        Instant finishedAt,
        SyncCounts counts,
        String error,
        List<SyncIssue> issues) {

    public enum State {
        RUNNING,
        SUCCEEDED,
        /** Finished, but some resources were skipped or failed (see the issues). */
        PARTIAL,
        FAILED,
        /** Its instance stopped while it ran; the next run reads again from the last high-water mark. */
        ABANDONED
    }

    SyncRun withIssues(List<SyncIssue> found) {
        return new SyncRun(runId, siteId, triggeredBy, method, state, startedAt, finishedAt, counts, error, found);
    }
}
