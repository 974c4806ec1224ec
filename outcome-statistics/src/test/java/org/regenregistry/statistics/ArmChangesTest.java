package org.regenregistry.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArmChangesTest {

    private static final Instrument NRS = new Instrument("72514-3", true, true, 2, 2);
    private static final Instrument KOOS_PAIN = new Instrument("72102-7", false, false, 0, Double.NaN);
    private static final LocalDate START = LocalDate.of(2025, 1, 10);

    private static Course course(String subject, String arm, boolean withdrawn, Object... daysAndScores) {
        List<Course.Score> scores = new ArrayList<>();
        for (int i = 0; i < daysAndScores.length; i += 2) {
            scores.add(new Course.Score(
                    START.plusDays((Integer) daysAndScores[i]), ((Number) daysAndScores[i + 1]).doubleValue()));
        }
        return new Course(subject, arm, START, withdrawn, scores);
    }

    private static ArmChanges.Arm at(List<ArmChanges.Arm> arms, String arm, String point) {
        return arms.stream()
                .filter(summary ->
                        summary.arm().equals(arm) && summary.timePoint().equals(point))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void changeFromBaselineUsesTheScoreNearestTheTargetDay() {
        List<ArmChanges.Arm> arms = ArmChanges.of(
                NRS,
                List.of(
                        // baseline the last score before the start; 6 months = day 182, the score on day 175 is nearer
                        course("s1", "prp", false, -20, 9, -3, 8, 175, 4, 220, 1),
                        course("s2", "prp", false, 0, 6, 190, 5),
                        course("s3", "prp", false, 2, 7, 185, 3)),
                START.plusYears(3));
        ArmChanges.Arm sixMonths = at(arms, "prp", "6mo");
        assertThat(sixMonths.analysed()).isEqualTo(3);
        assertThat(sixMonths.change()).isPresent();
        // changes -4, -1, -4
        assertThat(sixMonths.change().get().mean()).isCloseTo(-3.0, within(1e-12));
        assertThat(sixMonths.change().get().sd()).isCloseTo(Math.sqrt(3.0), within(1e-12));
    }

    @Test
    void respondersFollowThePercentAndPointRules() {
        List<ArmChanges.Arm> arms = ArmChanges.of(
                NRS,
                List.of(
                        // 10 -> 7: exactly 30% and 3 points: a 30% responder, not 50%
                        course("a", "arm", false, 0, 10, 91, 7),
                        // 4 -> 2: 50% but only 2 points: both
                        course("b", "arm", false, 0, 4, 91, 2),
                        // 3 -> 2: 33% but one point: neither (the NRS asks for two points as well)
                        course("c", "arm", false, 0, 3, 91, 2),
                        // 0 -> 0: no pain to reduce
                        course("d", "arm", false, 0, 0, 91, 0)),
                START.plusYears(1));
        ArmChanges.Arm threeMonths = at(arms, "arm", "3mo");
        assertThat(threeMonths.responders30()).contains(2);
        assertThat(threeMonths.responders50()).contains(1);
        assertThat(threeMonths.respondersMcid()).contains(2);
    }

    @Test
    void missingAndWithdrawnSubjectsAreCountedOnceTheWindowCloses() {
        List<Course> courses = List.of(
                course("seen", "a", false, 0, 8, 30, 6),
                course("no-baseline", "a", false, 31, 5),
                course("gone", "a", true, 0, 7),
                course("later", "a", false, 0, 6));
        // day 40: the 1-month window (16-44) is still open, so no one is missing yet
        ArmChanges.Arm open = at(ArmChanges.of(NRS, courses, START.plusDays(40)), "a", "1mo");
        assertThat(open.expected()).isEqualTo(2);
        assertThat(open.missing()).isEqualTo(1);
        assertThat(open.withdrawn()).isZero();
        ArmChanges.Arm closed = at(ArmChanges.of(NRS, courses, START.plusDays(45)), "a", "1mo");
        assertThat(closed.enrolled()).isEqualTo(4);
        assertThat(closed.expected()).isEqualTo(4);
        assertThat(closed.analysed()).isEqualTo(1);
        assertThat(closed.missing()).isEqualTo(3);
        assertThat(closed.withdrawn()).isEqualTo(1);
    }

    @Test
    void aHigherIsBetterScaleHasNoPercentResponders() {
        ArmChanges.Arm arm = at(
                ArmChanges.of(KOOS_PAIN, List.of(course("k", "a", false, 0, 40, 182, 70)), START.plusYears(1)),
                "a",
                "6mo");
        assertThat(arm.change().orElseThrow().mean()).isEqualTo(30.0);
        assertThat(arm.responders30()).isEmpty();
        assertThat(arm.respondersMcid()).isEmpty();
        assertThat(KOOS_PAIN.improvement(40, 70)).isEqualTo(30.0);
    }

    @Test
    void aScoreCountsForOneTimePointOnly() {
        for (TimePoint earlier : TimePoint.STANDARD) {
            for (TimePoint later : TimePoint.STANDARD) {
                if (earlier.day() < later.day()) {
                    assertThat(earlier.closes()).isLessThan(later.day() - later.window());
                }
            }
            assertThat(earlier.day() - earlier.window()).isGreaterThan(TimePoint.BASELINE_AFTER);
        }
    }
}
