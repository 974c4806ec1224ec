package org.regenregistry.ehr.sync;

import java.util.List;

/**
 * What one sync of a site did, for the run's record.
 *
 * @param issues what was skipped or failed and why, with every EHR Patient id replaced by its keyed hash
 */
public record SyncOutcome(SyncCounts counts, List<SyncIssue> issues) {

    public SyncOutcome {
        issues = List.copyOf(issues);
    }
}
