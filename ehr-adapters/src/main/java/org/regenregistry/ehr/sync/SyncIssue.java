package org.regenregistry.ehr.sync;

/**
 * A resource a sync did not bring into the registry, and why.
 *
 * @param source the EHR resource or NDJSON line it concerns, e.g. {@code Observation/123/_history/2}
 */
public record SyncIssue(Outcome outcome, String source, String reason) {

    public enum Outcome {
        SKIPPED,
        FAILED
    }

    static SyncIssue skipped(String source, String reason) {
        return new SyncIssue(Outcome.SKIPPED, source, reason);
    }

    static SyncIssue failed(String source, String reason) {
        return new SyncIssue(Outcome.FAILED, source, reason);
    }
}
