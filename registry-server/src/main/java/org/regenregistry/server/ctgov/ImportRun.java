package org.regenregistry.server.ctgov;

import java.time.Instant;
import java.util.List;

/**
 * One import, as the admin API shows it.
 *
 * @param source what was imported: the upload's name or the path in the import directory
 * @param counts records read, and what became of them so far
 * @param issues the records refused and the ones not classified, with the reasons (up to {@link ImportRuns#ISSUES_KEPT});
 *     empty in run lists
 */
public record ImportRun(
        String runId,
        String source,
        State state,
        Instant startedAt,
        Instant updatedAt,
        Instant finishedAt,
        Counts counts,
        String error,
        List<Issue> issues) {

    public enum State {
        RUNNING,
        /** Every record read was stored or found unchanged. */
        SUCCEEDED,
        /** Finished, but some records were refused (see the issues). */
        PARTIAL,
        /** The import could not go on (its error says why); what it stored before stays. */
        FAILED,
        /** The registry stopped while it ran; importing the same records again finishes the work. */
        ABANDONED
    }

    /**
     * What an import did with the records it read.
     *
     * @param unclassified records stored whose therapy family could not be told (they are also in created, updated or
     *     unchanged)
     */
    public record Counts(long read, long created, long updated, long unchanged, long refused, long unclassified) {

        static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0);
    }

    /**
     * A record refused, or stored unclassified.
     *
     * @param source the file and its line or position
     * @param nctId the record's NCT number, when it has one
     */
    public record Issue(Outcome outcome, String source, String nctId, String reason) {

        public enum Outcome {
            REFUSED,
            UNCLASSIFIED
        }
    }

    ImportRun withIssues(List<Issue> found) {
        return new ImportRun(runId, source, state, startedAt, updatedAt, finishedAt, counts, error, found);
    }
}
