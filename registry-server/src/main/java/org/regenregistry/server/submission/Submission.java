package org.regenregistry.server.submission;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One received submission, as the registry keeps it: what it is for (trial, site, reporting period), who signed it
 * with which key, the digest of the bytes received, the FHIR records that hold it (the Binary as received, the
 * Provenance, the review Task), its review state and what it superseded or was superseded by.
 */
public record Submission(
        String id,
        String identifierSystem,
        String identifierValue,
        String trial,
        String site,
        LocalDate periodStart,
        LocalDate periodEnd,
        Instant received,
        String client,
        String signer,
        String signedAt,
        String keyId,
        String algorithm,
        String signerKey,
        String digest,
        String binary,
        String provenance,
        String task,
        String state,
        String supersedes,
        String supersededBy,
        String reason,
        int recordCount) {

    /** The key that makes a submission the current one of its trial, site and period. */
    String currentKey() {
        return currentKey(trial, site, periodStart, periodEnd);
    }

    /** The key of the current submission of a trial, site and period. */
    static String currentKey(String trial, String site, LocalDate start, LocalDate end) {
        return trial + "|" + site + "|" + start + "|" + end;
    }

    /**
     * A record a submission wrote: the version it made, its identifier, the digest of the record as submitted and
     * the digest of that version as the registry stored it.
     */
    public record Written(
            int position, String type, String id, long version, String identifier, String digest, String stored) {

        /** The version-specific reference, {@code Type/id/_history/n}. */
        public String reference() {
            return type + "/" + id + "/_history/" + version;
        }
    }
}
