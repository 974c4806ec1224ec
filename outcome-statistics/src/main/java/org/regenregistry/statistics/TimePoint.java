package org.regenregistry.statistics;

import java.util.List;
import java.util.Optional;

/**
 * A follow-up time point counted in days from a subject's start in the trial (randomisation or enrolment, as
 * intention-to-treat analyses count it), with the window within which a score counts for it.
 *
 * @param code how the API names it ({@code 6mo})
 * @param day its target day
 * @param window how many days before or after the target a score still counts
 */
public record TimePoint(String code, int day, int window) {

    /**
     * The time points the registry summarises. Windows widen with distance and never overlap, so a score counts for
     * at most one time point.
     */
    public static final List<TimePoint> STANDARD = List.of(
            new TimePoint("1mo", 30, 14),
            new TimePoint("3mo", 91, 30),
            new TimePoint("6mo", 182, 45),
            new TimePoint("12mo", 365, 60),
            new TimePoint("24mo", 730, 90));

    /** The last day before the start on which a score is taken as the baseline. */
    public static final int BASELINE_BEFORE = 30;

    /** How many days after the start a score still counts as the baseline (a baseline taken at the first visit). */
    public static final int BASELINE_AFTER = 7;

    /** The standard time point named {@code code}. */
    public static Optional<TimePoint> named(String code) {
        return STANDARD.stream().filter(point -> point.code.equals(code)).findFirst();
    }

    /** Whether a score {@code days} after the start counts for this time point. */
    public boolean holds(long days) {
        return Math.abs(days - day) <= window;
    }

    /** The last day after the start on which a score counts; after it, a missing score is missing. */
    public int closes() {
        return day + window;
    }
}
