package org.regenregistry.server.outcomes;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * What other features (the web app's pages) read of outcomes: a trial's summaries and a pooled analysis with its
 * forest plot, small cells left out at the threshold they are given.
 */
@Component
public class Outcomes {

    /** The parameters an analysis takes beyond the trial search's filters. */
    public static final Set<String> ANALYSIS_PARAMETERS = AnalysisRequest.OWN;

    private final OutcomeSummaries summaries;
    private final OutcomeAnalysis analysis;
    private final SummaryOutboxInterceptor outbox;

    Outcomes(OutcomeSummaries summaries, OutcomeAnalysis analysis, SummaryOutboxInterceptor outbox) {
        this.summaries = summaries;
        this.analysis = analysis;
        this.outbox = outbox;
    }

    /** A stored trial's summaries; counts below {@code threshold} left out (0 shows all). */
    public TrialOutcomes ofTrial(String trialId, int threshold) {
        return TrialOutcomes.of(trialId, !outbox.outbox().pending(trialId), summaries.of(trialId), threshold);
    }

    /**
     * A pooled analysis and its forest plot.
     *
     * @param outcome pain or function
     * @param timePoint the time point analysed
     * @param effectLabel what the plot's axis shows
     * @param trialsFound how many trials the search found
     * @param result the analysis
     * @param forestPlot the forest plot as an SVG element
     */
    public record Analysis(
            String outcome,
            String timePoint,
            String effectLabel,
            long trialsFound,
            PooledAnalysis.Result result,
            String forestPlot) {}

    /**
     * The analysis {@code /api/analysis} gives for the same parameters.
     *
     * @throws IllegalArgumentException for a parameter that is unknown or malformed, or too many trials
     */
    public Analysis analyse(Map<String, List<String>> parameters, int threshold) throws IOException {
        AnalysisRequest request = AnalysisRequest.parse(parameters);
        OutcomeAnalysis.Answer answer = analysis.run(request, threshold);
        String label = AnalysisController.effectLabel(answer.analysis());
        return new Analysis(
                request.outcome(),
                request.timePoint(),
                label,
                answer.trialsFound(),
                answer.analysis(),
                new ForestPlot(answer.analysis(), label).svg());
    }
}
