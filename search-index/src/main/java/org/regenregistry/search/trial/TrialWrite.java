package org.regenregistry.search.trial;

/**
 * One trial to write to the index at a revision: its document, or its removal when the trial is gone (deleted in the
 * registry).
 *
 * @param document the document to index, {@code null} to remove the trial
 */
public record TrialWrite(String id, long revision, TrialDocument document) {

    public static TrialWrite put(TrialDocument document) {
        return new TrialWrite(document.id(), document.revision(), document);
    }

    public static TrialWrite remove(String id, long revision) {
        return new TrialWrite(id, revision, null);
    }

    /**
     * How a write went. A write refused because the index already holds this revision or a newer one is done too.
     *
     * @param failure why the write failed, {@code null} when it did not
     */
    public record Outcome(boolean done, String failure) {

        public static final Outcome DONE = new Outcome(true, null);

        public static Outcome failed(String reason) {
            return new Outcome(false, reason);
        }

        /** Of the outcomes of one trial in two indices, the one that needs a retry. */
        static Outcome worse(Outcome first, Outcome second) {
            return first.done() ? second : first;
        }
    }
}
