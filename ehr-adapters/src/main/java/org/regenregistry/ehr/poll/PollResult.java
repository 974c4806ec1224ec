package org.regenregistry.ehr.poll;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of one complete read of a resource type at a site.
 *
 * @param fullSweep whether every resource of the query was read, not only those updated since the mark
 * @param since the {@code _lastUpdated} lower bound sent (mark minus overlap); empty for a full read
 * @param mark the new high-water mark, already recorded; empty when the EHR told no time (see the issues)
 * @param resources the resources handed over as matches
 * @param included the resources handed over as {@code _include}d
 * @param pages the search pages read
 */
public record PollResult(
        String resourceType,
        boolean fullSweep,
        Optional<Instant> since,
        Optional<Instant> mark,
        int resources,
        int included,
        int pages,
        List<PollIssue> issues) {

    public PollResult {
        issues = List.copyOf(issues);
    }
}
