package org.regenregistry.server.outcomes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.regenregistry.search.facet.TrialQuery;
import org.regenregistry.search.facet.TrialQueryParameters;
import org.regenregistry.statistics.RandomEffects;
import org.regenregistry.statistics.TimePoint;

/**
 * The query of {@code /api/analysis}: the analysis's own parameters, and the trial search's filters for the rest
 * (exactly those of {@code /api/trials}, so an analysis is of the trials a search shows).
 *
 * @param outcome pain or function
 * @param timePoint the time point's code
 * @param measure MD, SMD, or null for the default
 * @param instrument the instrument of a mean difference, or null
 * @param tau2 the between-trial variance estimator
 * @param test the pooled estimate's interval
 * @param trials the trial search
 */
record AnalysisRequest(
        String outcome,
        String timePoint,
        PooledAnalysis.Measure measure,
        String instrument,
        RandomEffects.Tau2 tau2,
        RandomEffects.IntervalMethod test,
        TrialQuery trials) {

    static final Set<String> OWN = Set.of("outcome", "timepoint", "effect", "instrument", "tau2", "interval");
    private static final Set<String> NOT_FILTERS = Set.of("page", "size", "sort");

    /** Reads the parameters; anything unknown, repeated or malformed is an {@link IllegalArgumentException}. */
    static AnalysisRequest parse(Map<String, List<String>> parameters) {
        parameters.keySet().stream().filter(NOT_FILTERS::contains).findFirst().ifPresent(name -> {
            throw new IllegalArgumentException("'" + name + "' is not a filter; an analysis takes every trial found");
        });
        String outcome = one(parameters, "outcome", "pain");
        if (!outcome.equals("pain") && !outcome.equals("function")) {
            throw new IllegalArgumentException("outcome must be pain or function, not '" + outcome + "'");
        }
        String timePoint = one(parameters, "timepoint", "6mo");
        if (TimePoint.named(timePoint).isEmpty()) {
            throw new IllegalArgumentException("timepoint must be one of "
                    + TimePoint.STANDARD.stream().map(TimePoint::code).collect(Collectors.joining(", "))
                    + ", not '" + timePoint + "'");
        }
        String effect = one(parameters, "effect", null);
        PooledAnalysis.Measure measure = effect == null
                ? null
                : switch (effect.toLowerCase(Locale.ROOT)) {
                    case "md" -> PooledAnalysis.Measure.MD;
                    case "smd" -> PooledAnalysis.Measure.SMD;
                    default -> throw new IllegalArgumentException("effect must be md or smd, not '" + effect + "'");
                };
        String instrument = one(parameters, "instrument", null);
        if (instrument != null) {
            Instruments.Known known = Instruments.of(instrument)
                    .orElseThrow(() -> new IllegalArgumentException("unknown instrument '" + instrument + "'"));
            if (!known.domain().equals(outcome)) {
                throw new IllegalArgumentException(
                        "instrument " + instrument + " measures " + known.domain() + ", not " + outcome);
            }
            if (measure == PooledAnalysis.Measure.SMD) {
                throw new IllegalArgumentException("instrument goes with effect=md");
            }
            measure = PooledAnalysis.Measure.MD;
        }
        String tau2 = one(parameters, "tau2", "dl");
        String interval = one(parameters, "interval", "hksj");
        Map<String, List<String>> filters = new LinkedHashMap<>(parameters);
        filters.keySet().removeAll(OWN);
        return new AnalysisRequest(
                outcome,
                timePoint,
                measure,
                instrument,
                switch (tau2.toLowerCase(Locale.ROOT)) {
                    case "dl" -> RandomEffects.Tau2.DERSIMONIAN_LAIRD;
                    case "reml" -> RandomEffects.Tau2.REML;
                    default -> throw new IllegalArgumentException("tau2 must be dl or reml, not '" + tau2 + "'");
                },
                switch (interval.toLowerCase(Locale.ROOT)) {
                    case "hksj" -> RandomEffects.IntervalMethod.HARTUNG_KNAPP;
                    case "wald" -> RandomEffects.IntervalMethod.WALD;
                    default -> throw new IllegalArgumentException(
                            "interval must be hksj or wald, not '" + interval + "'");
                },
                TrialQueryParameters.parse(filters));
    }

    private static String one(Map<String, List<String>> parameters, String name, String fallback) {
        List<String> values = parameters.getOrDefault(name, List.of());
        if (values.size() > 1) {
            throw new IllegalArgumentException(name + " takes one value");
        }
        return values.isEmpty() || values.get(0).isBlank()
                ? fallback
                : values.get(0).trim();
    }
}
