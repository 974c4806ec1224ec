package org.regenregistry.server.outcomes;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.regenregistry.statistics.Effect;
import org.regenregistry.statistics.Interval;
import org.regenregistry.statistics.RandomEffects;
import org.regenregistry.statistics.Sample;

/**
 * Pools the controlled comparisons of the trials a search found, at one time point, in one outcome domain; single-arm
 * trials' changes from baseline are reported apart and never pooled with them.
 *
 * <p>Per trial: its experimental arms are combined into one group (Cochrane Handbook 6.5.2.10); its comparator is its
 * placebo, sham and no-intervention arms combined, or, where it has none, its active comparators. The effect is the
 * difference in mean change from baseline, intervention minus comparator: the raw mean difference on one instrument
 * (in its points), or Hedges' g across instruments, signed so that below zero always favours the intervention (a
 * higher-is-better scale's g is negated). Fewer than {@value #MIN_POOLED} trials give no pooled estimate, only the
 * trials.
 */
public final class PooledAnalysis {

    /** Trials needed for a pooled estimate. */
    static final int MIN_POOLED = 3;

    private static final Set<String> CONTROLS = Set.of("placebo-comparator", "sham-comparator", "no-intervention");
    private static final String ACTIVE = "active-comparator";
    private static final String EXPERIMENTAL = "experimental";

    /** The effect measure. */
    public enum Measure {
        MD,
        SMD
    }

    /**
     * What to pool and how.
     *
     * @param domain pain or function
     * @param timePoint the time point's code
     * @param measure MD or SMD; null to take MD when every trial measured the same instrument, else SMD
     * @param instrument for MD, the instrument; null for the one most trials measured
     * @param tau2 the between-trial variance estimator
     * @param test the interval of the pooled estimate
     * @param threshold arms analysing fewer subjects than this are left out (0 keeps all)
     */
    record Options(
            String domain,
            String timePoint,
            Measure measure,
            String instrument,
            RandomEffects.Tau2 tau2,
            RandomEffects.IntervalMethod test,
            int threshold) {}

    /** A group of a comparison: the arms combined, and their combined summary of the change. */
    public record Group(List<String> arms, int n, double mean, double sd) {
        static Group of(List<String> arms, Sample sample) {
            return new Group(arms, sample.n(), sample.mean(), sample.sd());
        }
    }

    /** A trial's controlled comparison, as pooled. */
    public record Comparison(
            String trial,
            String title,
            String instrument,
            Group intervention,
            Group comparator,
            double estimate,
            double variance,
            double ciLower,
            double ciUpper,
            Double weight) {}

    /** A single-arm trial's change from baseline in its experimental arms. */
    public record PrePost(String trial, String title, String instrument, Group arms, Double ciLower, Double ciUpper) {}

    /** A trial found but not analysed, and why. */
    public record Left(String trial, String reason) {}

    /** The pooled estimate. */
    public record Pooled(
            int k,
            String tau2Method,
            String interval,
            double estimate,
            double standardError,
            double ciLower,
            double ciUpper,
            Double predictionLower,
            Double predictionUpper,
            double pValue,
            double tau2,
            double i2,
            double q,
            double qPValue) {}

    /**
     * The analysis.
     *
     * @param measure the effect measure used
     * @param instrument the instrument of a mean difference (null for SMD)
     * @param instrumentName its name (null for SMD)
     * @param pooled the pooled estimate, null below {@value #MIN_POOLED} trials
     * @param noPooledEstimate why there is none, or null
     * @param comparisons the controlled comparisons with their weights (the rows of a forest plot)
     * @param singleArm the single-arm trials, apart
     * @param notAnalysed the trials found but left out, with the reason
     */
    public record Result(
            Measure measure,
            String instrument,
            String instrumentName,
            Pooled pooled,
            String noPooledEstimate,
            List<Comparison> comparisons,
            List<PrePost> singleArm,
            List<Left> notAnalysed) {}

    private PooledAnalysis() {}

    static Result of(List<OutcomeSummaries.Row> rows, Map<String, String> titles, Options options) {
        Map<String, List<OutcomeSummaries.Row>> byTrial = rows.stream()
                .filter(row -> row.summary().change().isPresent())
                .collect(Collectors.groupingBy(OutcomeSummaries.Row::trialId, LinkedHashMap::new, Collectors.toList()));
        List<Left> left = new ArrayList<>();
        titles.keySet().stream()
                .filter(trial -> !byTrial.containsKey(trial))
                .forEach(trial -> left.add(
                        new Left(trial, "no " + options.domain() + " scores analysed at " + options.timePoint())));

        Map<String, String> preferred = new LinkedHashMap<>();
        byTrial.forEach((trial, trialRows) -> preferred.put(trial, preferredInstrument(trialRows)));
        Measure measure = options.measure();
        String instrument = options.instrument();
        if (measure == null) {
            measure = preferred.values().stream().distinct().count() <= 1 ? Measure.MD : Measure.SMD;
        }
        if (measure == Measure.MD && instrument == null) {
            instrument = mostMeasured(byTrial);
        }

        List<Comparison> comparisons = new ArrayList<>();
        List<PrePost> singleArm = new ArrayList<>();
        for (Map.Entry<String, List<OutcomeSummaries.Row>> entry : byTrial.entrySet()) {
            String trial = entry.getKey();
            String code = measure == Measure.MD ? instrument : preferred.get(trial);
            List<OutcomeSummaries.Row> measured = entry.getValue().stream()
                    .filter(row -> row.instrument().equals(code))
                    .filter(row -> row.summary().analysed() >= Math.max(1, options.threshold()))
                    .toList();
            if (measured.isEmpty()) {
                left.add(new Left(
                        trial,
                        measure == Measure.MD
                                ? "not measured on " + code + " (a mean difference needs one instrument)"
                                : "no arm with enough subjects analysed"));
                continue;
            }
            Optional<Group> intervention = combine(measured, type -> EXPERIMENTAL.equals(type));
            Optional<Group> comparator = combine(measured, type -> type != null && CONTROLS.contains(type))
                    .or(() -> combine(measured, ACTIVE::equals));
            String title = titles.get(trial);
            if (intervention.isEmpty()) {
                left.add(new Left(trial, "no experimental arm analysed"));
            } else if (comparator.isEmpty()) {
                Group arms = intervention.get();
                Interval interval = sample(arms).meanInterval(0.95);
                singleArm.add(new PrePost(
                        trial,
                        title,
                        code,
                        arms,
                        interval.exists() ? interval.lower() : null,
                        interval.exists() ? interval.upper() : null));
            } else {
                try {
                    Effect effect = effect(
                            measure, trial, measured.get(0).lowerIsBetter(), intervention.get(), comparator.get());
                    Interval interval = effect.interval(0.95);
                    comparisons.add(new Comparison(
                            trial,
                            title,
                            code,
                            intervention.get(),
                            comparator.get(),
                            effect.estimate(),
                            effect.variance(),
                            interval.lower(),
                            interval.upper(),
                            null));
                } catch (IllegalArgumentException e) {
                    left.add(new Left(trial, e.getMessage()));
                }
            }
        }

        // a forest plot lists the trials by title
        comparisons.sort(Comparator.comparing((Comparison comparison) -> String.valueOf(comparison.title()))
                .thenComparing(Comparison::trial));
        singleArm.sort(Comparator.comparing((PrePost trial) -> String.valueOf(trial.title()))
                .thenComparing(PrePost::trial));
        List<Effect> effects = comparisons.stream()
                .map(comparison -> new Effect(comparison.trial(), comparison.estimate(), comparison.variance()))
                .toList();

        Pooled pooled = null;
        String noPooled = null;
        if (effects.size() < MIN_POOLED) {
            noPooled = "fewer than " + MIN_POOLED + " controlled comparisons (" + effects.size() + ")";
        } else {
            RandomEffects.Pooled fit = RandomEffects.pool(effects, options.tau2(), options.test());
            pooled = pooled(fit);
            for (int i = 0; i < comparisons.size(); i++) {
                Comparison comparison = comparisons.get(i);
                comparisons.set(
                        i,
                        new Comparison(
                                comparison.trial(),
                                comparison.title(),
                                comparison.instrument(),
                                comparison.intervention(),
                                comparison.comparator(),
                                comparison.estimate(),
                                comparison.variance(),
                                comparison.ciLower(),
                                comparison.ciUpper(),
                                fit.trials().get(i).weight()));
            }
        }
        left.sort(Comparator.comparing(Left::trial));
        return new Result(
                measure,
                measure == Measure.MD ? instrument : null,
                measure == Measure.MD ? nameOf(rows, instrument) : null,
                pooled,
                noPooled,
                comparisons,
                singleArm,
                left);
    }

    private static Effect effect(
            Measure measure, String trial, boolean lowerIsBetter, Group intervention, Group comparator) {
        if (measure == Measure.MD) {
            return Effect.meanDifference(trial, sample(intervention), sample(comparator));
        }
        Effect g = Effect.standardisedMeanDifference(trial, sample(intervention), sample(comparator));
        return lowerIsBetter ? g : new Effect(trial, -g.estimate(), g.variance());
    }

    private static Optional<Group> combine(List<OutcomeSummaries.Row> rows, Predicate<String> armType) {
        List<OutcomeSummaries.Row> arms =
                rows.stream().filter(row -> armType.test(row.armType())).toList();
        return arms.stream()
                .map(row -> row.summary().change().orElseThrow())
                .reduce(Sample::combine)
                .map(sample ->
                        Group.of(arms.stream().map(row -> row.summary().arm()).toList(), sample));
    }

    private static Sample sample(Group group) {
        return new Sample(group.n(), group.mean(), group.sd());
    }

    private static String nameOf(List<OutcomeSummaries.Row> rows, String instrument) {
        return rows.stream()
                .filter(row -> row.instrument().equals(instrument))
                .map(OutcomeSummaries.Row::name)
                .findFirst()
                .orElse(instrument);
    }

    /** The trial's instrument of the domain that the registry prefers (NRS before VAS ..., registered measures last). */
    private static String preferredInstrument(List<OutcomeSummaries.Row> rows) {
        return rows.stream()
                .map(OutcomeSummaries.Row::instrument)
                .distinct()
                .min(Comparator.comparingInt(code ->
                        Instruments.of(code).map(Instruments.Known::preference).orElse(Integer.MAX_VALUE)))
                .orElseThrow();
    }

    /** The instrument most trials measured (the preferred one among equals). */
    private static String mostMeasured(Map<String, List<OutcomeSummaries.Row>> byTrial) {
        Map<String, Long> trials = byTrial.values().stream()
                .flatMap(rows ->
                        rows.stream().map(OutcomeSummaries.Row::instrument).distinct())
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        return trials.entrySet().stream()
                .max(Comparator.comparingLong((Map.Entry<String, Long> entry) -> entry.getValue())
                        .thenComparing(entry -> -Instruments.of(entry.getKey())
                                .map(Instruments.Known::preference)
                                .orElse(Integer.MAX_VALUE)))
                .map(Map.Entry::getKey)
                .orElse(null);
    }

    private static Pooled pooled(RandomEffects.Pooled fit) {
        return new Pooled(
                fit.k(),
                fit.tau2Method() == RandomEffects.Tau2.REML ? "REML" : "DL",
                fit.test() == RandomEffects.IntervalMethod.HARTUNG_KNAPP ? "HKSJ" : "Wald",
                fit.estimate(),
                fit.standardError(),
                fit.confidence().lower(),
                fit.confidence().upper(),
                fit.prediction().exists() ? fit.prediction().lower() : null,
                fit.prediction().exists() ? fit.prediction().upper() : null,
                fit.pValue(),
                fit.tau2(),
                fit.i2(),
                fit.q(),
                fit.qPValue());
    }
}
