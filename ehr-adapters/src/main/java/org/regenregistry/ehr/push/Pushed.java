package org.regenregistry.ehr.push;

/**
 * What a push did in the EHR.
 *
 * @param id the logical id of the EHR resource written or found
 */
public record Pushed(String id, Outcome outcome) {

    public enum Outcome {
        CREATED,
        UPDATED,
        /** The EHR already said what the registry says: nothing was written. */
        UNCHANGED
    }

    /** Whether the EHR was written to. */
    public boolean wrote() {
        return outcome != Outcome.UNCHANGED;
    }
}
