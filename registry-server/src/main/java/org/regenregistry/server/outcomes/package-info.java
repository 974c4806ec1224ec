/**
 * Outcomes across trials: each trial's per-arm changes from baseline computed from its subjects' pain and function
 * scores (or, for a trial without them, read from the changes it registered) and kept current through an outbox of its
 * own ({@code RR_OUTCOME_OUTBOX} -> {@code RR_OUTCOME_SUMMARY}),
 * {@code GET /api/trials/{id}/outcomes}, and the pooled analysis {@code GET /api/analysis} over the trials a search
 * finds. The statistics themselves are the {@code outcome-statistics} library's; subject-level records never leave
 * this package, only group summaries with small cells suppressed for researchers.
 */
package org.regenregistry.server.outcomes;
