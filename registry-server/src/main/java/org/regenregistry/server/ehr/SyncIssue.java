package org.regenregistry.server.ehr;

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
}
