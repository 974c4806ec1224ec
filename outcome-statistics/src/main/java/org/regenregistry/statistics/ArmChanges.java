package org.regenregistry.statistics;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Each arm's change from baseline at each {@link TimePoint}, from the subjects' own scores, with the subjects the
 * summary does not include counted rather than dropped.
 *
 * <p>The baseline is the last score from {@link TimePoint#BASELINE_BEFORE} days before the start to
 * {@link TimePoint#BASELINE_AFTER} days after it; a time point's score is the one nearest its target day within its
 * window (the earlier of two as near). A subject is expected at a time point once its window has closed (or has a
 * score there); an expected subject without a baseline or without a score is missing, and counted as withdrawn when
 * the subject has withdrawn. Responders are the share of the subjects with both scores.
 */
public final class ArmChanges {

    private ArmChanges() {}

    /**
     * An arm at a time point.
     *
     * @param arm the arm
     * @param timePoint the time point's code
     * @param enrolled subjects assigned to the arm
     * @param expected subjects whose window has closed on {@code today}, or who have a score in it
     * @param analysed subjects with a baseline and a score at the time point
     * @param missing expected subjects without both scores
     * @param withdrawn of the missing, those who withdrew
     * @param change the change from baseline (value minus baseline), empty when none analysed
     * @param responders30 subjects whose pain fell by at least 30% (and by the instrument's minimum points)
     * @param responders50 subjects whose pain fell by at least 50%
     * @param respondersMcid subjects who improved by at least the instrument's MCID
     */
    public record Arm(
            String arm,
            String timePoint,
            int enrolled,
            int expected,
            int analysed,
            int missing,
            int withdrawn,
            Optional<Sample> change,
            Optional<Integer> responders30,
            Optional<Integer> responders50,
            Optional<Integer> respondersMcid) {}

    /** The summaries of every arm of {@code courses} at every standard time point, arms in first-seen order. */
    public static List<Arm> of(Instrument instrument, List<Course> courses, LocalDate today) {
        Map<String, List<Course>> arms = new LinkedHashMap<>();
        courses.forEach(course ->
                arms.computeIfAbsent(course.arm(), arm -> new ArrayList<>()).add(course));
        List<Arm> summaries = new ArrayList<>();
        arms.forEach((arm, members) -> {
            for (TimePoint point : TimePoint.STANDARD) {
                summaries.add(arm(instrument, arm, members, point, today));
            }
        });
        return summaries;
    }

    private static Arm arm(Instrument instrument, String arm, List<Course> members, TimePoint point, LocalDate today) {
        int expected = 0;
        int missing = 0;
        int withdrawn = 0;
        List<Double> changes = new ArrayList<>();
        int responders30 = 0;
        int responders50 = 0;
        int respondersMcid = 0;
        for (Course course : members) {
            Optional<Course.Score> at = at(course, point);
            boolean closed = !today.isBefore(course.start().plusDays(point.closes() + 1L));
            if (at.isEmpty() && !closed) {
                continue;
            }
            expected++;
            Optional<Course.Score> baseline = baseline(course);
            if (at.isEmpty() || baseline.isEmpty()) {
                missing++;
                if (course.withdrawn()) {
                    withdrawn++;
                }
                continue;
            }
            double before = baseline.get().value();
            double after = at.get().value();
            changes.add(after - before);
            if (instrument.reducedBy(30, instrument.minimumPoints(), before, after)) {
                responders30++;
            }
            if (instrument.reducedBy(50, 0, before, after)) {
                responders50++;
            }
            if (!Double.isNaN(instrument.mcid()) && instrument.improvement(before, after) >= instrument.mcid()) {
                respondersMcid++;
            }
        }
        Optional<Sample> change = changes.isEmpty()
                ? Optional.empty()
                : Optional.of(Sample.of(
                        changes.stream().mapToDouble(Double::doubleValue).toArray()));
        boolean analysed = !changes.isEmpty();
        return new Arm(
                arm,
                point.code(),
                members.size(),
                expected,
                changes.size(),
                missing,
                withdrawn,
                change,
                analysed && instrument.painIntensity() ? Optional.of(responders30) : Optional.empty(),
                analysed && instrument.painIntensity() ? Optional.of(responders50) : Optional.empty(),
                analysed && !Double.isNaN(instrument.mcid()) ? Optional.of(respondersMcid) : Optional.empty());
    }

    private static Optional<Course.Score> baseline(Course course) {
        return course.scores().stream()
                .filter(score -> {
                    long days = ChronoUnit.DAYS.between(course.start(), score.date());
                    return days >= -TimePoint.BASELINE_BEFORE && days <= TimePoint.BASELINE_AFTER;
                })
                .max(Comparator.comparing(Course.Score::date));
    }

    private static Optional<Course.Score> at(Course course, TimePoint point) {
        return course.scores().stream()
                .filter(score -> point.holds(ChronoUnit.DAYS.between(course.start(), score.date())))
                .min(Comparator.comparingLong((Course.Score score) ->
                                Math.abs(ChronoUnit.DAYS.between(course.start(), score.date()) - point.day()))
                        .thenComparing(Course.Score::date));
    }
}
