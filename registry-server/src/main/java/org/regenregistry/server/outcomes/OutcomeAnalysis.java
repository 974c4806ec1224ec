package org.regenregistry.server.outcomes;

import java.io.IOException;
import org.regenregistry.search.facet.TrialSearch;
import org.regenregistry.server.indexing.SearchNode;
import org.springframework.stereotype.Component;

/**
 * Runs a pooled analysis: the trials the search finds (from the trial index, by id), their stored summaries at the
 * time point (one indexed read), and the statistics. Nothing is computed from subjects' records here, which is what
 * keeps an analysis of a thousand trials within a request's time.
 */
@Component
class OutcomeAnalysis {

    private final SearchNode node;
    private final OutcomeSummaries summaries;
    private final OutcomeSettings settings;

    OutcomeAnalysis(SearchNode node, OutcomeSummaries summaries, OutcomeSettings settings) {
        this.node = node;
        this.summaries = summaries;
        this.settings = settings;
    }

    /**
     * An analysis and how many trials the search found.
     *
     * @param trialsFound trials the search found
     * @param analysis what the analysis made of them
     */
    record Answer(long trialsFound, PooledAnalysis.Result analysis) {}

    /**
     * @param threshold arms analysing fewer subjects than this are left out (0 keeps all)
     * @throws IllegalArgumentException when the search finds more trials than one analysis takes
     */
    Answer run(AnalysisRequest request, int threshold) throws IOException {
        TrialSearch.Matching found = node.search().matching(request.trials(), settings.maxAnalysedTrials() + 1);
        if (found.total() > settings.maxAnalysedTrials()) {
            throw new IllegalArgumentException(
                    "the search finds " + found.total() + " trials; an analysis takes at most "
                            + settings.maxAnalysedTrials() + " (registry.outcomes.max-analysed-trials): narrow it");
        }
        PooledAnalysis.Result result = PooledAnalysis.of(
                summaries.at(
                        request.outcome(), request.timePoint(), found.titles().keySet()),
                found.titles(),
                new PooledAnalysis.Options(
                        request.outcome(),
                        request.timePoint(),
                        request.measure(),
                        request.instrument(),
                        request.tau2(),
                        request.test(),
                        threshold));
        return new Answer(found.total(), result);
    }
}
