package org.regenregistry.server.outcomes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.regenregistry.statistics.ArmChanges;
import org.regenregistry.statistics.Interval;
import org.regenregistry.statistics.Sample;
import org.regenregistry.statistics.TimePoint;

/**
 * A trial's outcome summaries as the API gives them: per instrument, per arm, per time point; counts above zero and
 * below the small-cell threshold left out (null, with {@code suppressed}) for callers who may not read subjects, and
 * a change summarised over fewer subjects than the threshold with them.
 *
 * @param trial the trial's id
 * @param current false while a change to the trial waits to be summarised
 * @param computedAt when the summaries were computed (null when the trial has none)
 * @param instruments what was measured
 */
public record TrialOutcomes(String trial, boolean current, Instant computedAt, List<InstrumentOutcomes> instruments) {

    /**
     * An instrument's summaries.
     *
     * @param code the instrument's code, or {@code registered:} and a key of a registered measure's title
     * @param name the instrument's or the registered measure's name
     * @param domain pain or function
     * @param source {@code subjects} (computed from the subjects' scores) or {@code registered} (the trial's
     *     registered results, for a trial whose subjects' scores the registry does not hold: counts as reported, no
     *     responders)
     * @param arms the arms
     */
    public record InstrumentOutcomes(String code, String name, String domain, String source, List<ArmOutcomes> arms) {}

    /** An arm's summaries, in time-point order. */
    public record ArmOutcomes(String arm, String armType, List<AtTimePoint> timePoints) {}

    /**
     * An arm at a time point.
     *
     * @param timePoint the time point ({@code 6mo})
     * @param targetDay its target day from the subject's start
     * @param enrolled subjects in the arm
     * @param expected subjects whose window has closed or who have a score in it
     * @param analysed subjects with a baseline and a score in the window
     * @param missing expected subjects without both scores
     * @param withdrawn of the missing, those who withdrew or went off study
     * @param change the change from baseline (score minus baseline; null when none analysed or suppressed)
     * @param responders the responder counts and shares, by rule (only the rules the instrument has)
     * @param suppressed whether a count or the change was left out as a small cell
     */
    public record AtTimePoint(
            String timePoint,
            int targetDay,
            Integer enrolled,
            Integer expected,
            Integer analysed,
            Integer missing,
            Integer withdrawn,
            Change change,
            List<Responders> responders,
            boolean suppressed) {}

    /** The mean change with its SD and t-based 95% interval. */
    public record Change(int n, double mean, double sd, Double ciLower, Double ciUpper) {
        static Change of(Sample sample) {
            Interval interval = sample.meanInterval(0.95);
            return new Change(
                    sample.n(),
                    sample.mean(),
                    sample.sd(),
                    interval.exists() ? interval.lower() : null,
                    interval.exists() ? interval.upper() : null);
        }
    }

    /**
     * Responders by one rule: how many, and their share of those analysed.
     *
     * @param rule {@code 30%} (and the NRS's two points), {@code 50%} or {@code mcid}
     * @param count how many, null when a small cell
     * @param share their share of those analysed, null with the count
     */
    public record Responders(String rule, Integer count, Double share) {}

    /** Builds the answer from the stored rows; {@code threshold} 0 shows every count. */
    static TrialOutcomes of(String trialId, boolean current, List<OutcomeSummaries.Row> rows, int threshold) {
        Map<String, Map<String, List<OutcomeSummaries.Row>>> byInstrument = new LinkedHashMap<>();
        rows.stream()
                .sorted(Comparator.comparing((OutcomeSummaries.Row row) -> Instruments.of(row.instrument())
                                .map(known -> known.domain() + known.preference())
                                .orElse(row.instrument()))
                        .thenComparing(row -> timePointOrder(row.summary().timePoint())))
                .forEach(row -> byInstrument
                        .computeIfAbsent(row.instrument(), key -> new LinkedHashMap<>())
                        .computeIfAbsent(row.summary().arm(), key -> new ArrayList<>())
                        .add(row));
        List<InstrumentOutcomes> instruments = new ArrayList<>();
        byInstrument.forEach((code, arms) -> {
            OutcomeSummaries.Row first = arms.values().iterator().next().get(0);
            boolean registered = first.source() == OutcomeSummaries.Source.REGISTERED;
            instruments.add(new InstrumentOutcomes(
                    code,
                    first.name(),
                    first.domain(),
                    first.source().name().toLowerCase(Locale.ROOT),
                    arms.values().stream()
                            .map(armRows -> new ArmOutcomes(
                                    armRows.get(0).summary().arm(),
                                    armRows.get(0).armType(),
                                    armRows.stream()
                                            .map(row -> atTimePoint(row.summary(), threshold, registered))
                                            .toList()))
                            .toList()));
        });
        Instant computedAt = rows.stream()
                .map(OutcomeSummaries.Row::computedAt)
                .max(Comparator.naturalOrder())
                .orElse(null);
        return new TrialOutcomes(trialId, current, computedAt, instruments);
    }

    /** An arm at a time point; a registered one has no counts of enrolled, expected, missing or withdrawn. */
    private static AtTimePoint atTimePoint(ArmChanges.Arm arm, int threshold, boolean registered) {
        SmallCells cells = new SmallCells(threshold);
        Change change = arm.change().flatMap(cells::change).map(Change::of).orElse(null);
        List<Responders> responders = new ArrayList<>();
        arm.responders30().ifPresent(count -> responders.add(cells.responders("30%", count, arm.analysed())));
        arm.responders50().ifPresent(count -> responders.add(cells.responders("50%", count, arm.analysed())));
        arm.respondersMcid().ifPresent(count -> responders.add(cells.responders("mcid", count, arm.analysed())));
        return new AtTimePoint(
                arm.timePoint(),
                TimePoint.named(arm.timePoint()).map(TimePoint::day).orElse(0),
                registered ? null : cells.count(arm.enrolled()),
                registered ? null : cells.count(arm.expected()),
                cells.count(arm.analysed()),
                registered ? null : cells.count(arm.missing()),
                registered ? null : cells.count(arm.withdrawn()),
                change,
                responders,
                cells.suppressed);
    }

    /** Leaves out the small cells of one arm at one time point and remembers whether it did. */
    private static final class SmallCells {

        private final int threshold;
        private boolean suppressed;

        SmallCells(int threshold) {
            this.threshold = threshold;
        }

        Integer count(int count) {
            if (count > 0 && count < threshold) {
                suppressed = true;
                return null;
            }
            return count;
        }

        Optional<Sample> change(Sample sample) {
            if (sample.n() < threshold) {
                suppressed = true;
                return Optional.empty();
            }
            return Optional.of(sample);
        }

        Responders responders(String rule, int count, int analysed) {
            Integer shown = count(count);
            return shown == null || count(analysed) == null
                    ? new Responders(rule, null, null)
                    : new Responders(rule, shown, (double) count / analysed);
        }
    }

    private static int timePointOrder(String code) {
        return TimePoint.named(code).map(TimePoint::day).orElse(Integer.MAX_VALUE);
    }
}
