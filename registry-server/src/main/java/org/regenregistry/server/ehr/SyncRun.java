package org.regenregistry.server.ehr;

import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.regenregistry.ehr.sync.SiteSpec;
import org.regenregistry.ehr.sync.SyncCounts;
import org.regenregistry.ehr.sync.SyncIssue;

/**
 * One sync of one site, as the admin API shows it.
 *
 * @param issues what was skipped or failed and why (up to {@link SyncRuns#ISSUES_KEPT}); empty in run lists
 */
public record SyncRun(
        String runId,
        String siteId,
        Trigger triggeredBy,
        SiteSpec.Method method,
        State state,
        Instant startedAt,
        Instant finishedAt,
        SyncCounts counts,
        String error,
        List<SyncIssue> issues) {

    /** What started a run. */
    public enum Trigger {
        /** The site's interval came round. */
        SCHEDULE,
        /** A {@code POST} to the admin API. */
        API;

        /** The name in the admin API and in the run history, e.g. {@code api}. */
        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Trigger of(String id) {
            return valueOf(id.toUpperCase(Locale.ROOT));
        }
    }

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
