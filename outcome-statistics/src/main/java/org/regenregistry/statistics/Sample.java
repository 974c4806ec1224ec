package org.regenregistry.statistics;

import java.util.Objects;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * A group's summary: size, mean and standard deviation (with {@code n - 1}), as an arm's change from baseline is
 * reported.
 *
 * @param n how many values
 * @param mean their mean
 * @param sd their sample standard deviation; 0 for a single value
 */
public record Sample(int n, double mean, double sd) {

    public Sample {
        if (n < 1) {
            throw new IllegalArgumentException("a sample needs at least one value, not " + n);
        }
        if (!(sd >= 0) || !Double.isFinite(mean)) {
            throw new IllegalArgumentException("a sample needs a finite mean and a standard deviation >= 0");
        }
    }

    /** The summary of {@code values} (two-pass, so that large means do not eat the variance's digits). */
    public static Sample of(double... values) {
        Objects.requireNonNull(values);
        int n = values.length;
        if (n == 0) {
            throw new IllegalArgumentException("a sample needs at least one value");
        }
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        double mean = sum / n;
        double squares = 0;
        for (double value : values) {
            squares += (value - mean) * (value - mean);
        }
        return new Sample(n, mean, n > 1 ? Math.sqrt(squares / (n - 1)) : 0);
    }

    /**
     * The sample a report gives as mean and standard error: {@code SD = SE x sqrt(n)} (Cochrane Handbook, version 6.4,
     * 6.5.2.2).
     */
    public static Sample fromStandardError(int n, double mean, double standardError) {
        return new Sample(n, mean, standardError * Math.sqrt(n));
    }

    /**
     * The sample a report gives as mean and a two-sided {@code level} confidence interval of the mean: {@code SD =
     * sqrt(n) x (upper - lower) / (2 t(n-1))} (Cochrane Handbook, version 6.4, 6.5.2.2, with t for small groups).
     */
    public static Sample fromInterval(int n, double mean, double lower, double upper, double level) {
        if (n < 2 || !(upper >= lower)) {
            throw new IllegalArgumentException("an interval of the mean needs n >= 2 and upper >= lower");
        }
        double t = TDistribution.of(n - 1).inverseCumulativeProbability(1 - (1 - level) / 2);
        return new Sample(n, mean, Math.sqrt(n) * (upper - lower) / (2 * t));
    }

    /**
     * This group and {@code other} as one group: the size, mean and SD of all their values together, from the
     * summaries alone (Cochrane Handbook, version 6.4, table 6.5.a), as two intervention arms of one trial are
     * combined before they are compared with its control.
     */
    public Sample combine(Sample other) {
        int total = n + other.n;
        double combinedMean = (n * mean + other.n * other.mean) / total;
        double squares = (n - 1) * sd * sd
                + (other.n - 1) * other.sd * other.sd
                + (double) n * other.n / total * (mean - other.mean) * (mean - other.mean);
        return new Sample(total, combinedMean, Math.sqrt(squares / (total - 1)));
    }

    /** The standard error of the mean, {@code sd / sqrt(n)}. */
    public double standardError() {
        return sd / Math.sqrt(n);
    }

    /** The two-sided {@code level} interval of the mean from Student's t with {@code n - 1} degrees of freedom. */
    public Interval meanInterval(double level) {
        if (n < 2) {
            return Interval.NONE;
        }
        double t = TDistribution.of(n - 1).inverseCumulativeProbability(1 - (1 - level) / 2);
        return new Interval(mean - t * standardError(), mean + t * standardError());
    }
}
