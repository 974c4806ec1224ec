package org.regenregistry.statistics;

/**
 * A two-sided interval; {@link #NONE} where there is none to give (one value, or too few trials for a prediction).
 *
 * @param lower the lower bound
 * @param upper the upper bound
 */
public record Interval(double lower, double upper) {

    /** No interval: both bounds NaN. */
    public static final Interval NONE = new Interval(Double.NaN, Double.NaN);

    /** Whether there is an interval. */
    public boolean exists() {
        return !Double.isNaN(lower);
    }

    /** Whether the interval holds {@code value}. */
    public boolean covers(double value) {
        return exists() && lower <= value && value <= upper;
    }
}
