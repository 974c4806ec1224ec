package org.regenregistry.statistics;

import org.apache.commons.numbers.gamma.LogGamma;

/**
 * One trial's estimate of an effect and its sampling variance, as pooled by {@link RandomEffects}.
 *
 * @param study the trial it comes from
 * @param estimate the effect (intervention minus comparator)
 * @param variance the estimate's sampling variance, above zero
 */
public record Effect(String study, double estimate, double variance) {

    public Effect {
        if (!Double.isFinite(estimate) || !(variance > 0) || !Double.isFinite(variance)) {
            throw new IllegalArgumentException(study + ": an effect needs a finite estimate and a variance above 0");
        }
    }

    /**
     * The raw mean difference {@code intervention - comparator} with the variance that does not assume equal
     * variances, {@code sd1²/n1 + sd2²/n2} (metafor's "MD").
     */
    public static Effect meanDifference(String study, Sample intervention, Sample comparator) {
        return new Effect(
                study,
                intervention.mean() - comparator.mean(),
                intervention.sd() * intervention.sd() / intervention.n()
                        + comparator.sd() * comparator.sd() / comparator.n());
    }

    /**
     * Hedges' g: the mean difference over the pooled standard deviation, corrected for its small-sample bias with the
     * exact factor {@code J(m) = Γ(m/2) / (sqrt(m/2) Γ((m-1)/2))}, {@code m = n1 + n2 - 2} (Hedges 1981), and the
     * large-sample variance {@code 1/n1 + 1/n2 + g²/(2(n1 + n2))} (metafor's "SMD").
     */
    public static Effect standardisedMeanDifference(String study, Sample intervention, Sample comparator) {
        int n1 = intervention.n();
        int n2 = comparator.n();
        int m = n1 + n2 - 2;
        if (m < 2) {
            throw new IllegalArgumentException(study + ": a standardised difference needs at least 4 subjects");
        }
        double pooledSd = Math.sqrt(
                ((n1 - 1) * intervention.sd() * intervention.sd() + (n2 - 1) * comparator.sd() * comparator.sd()) / m);
        if (!(pooledSd > 0)) {
            throw new IllegalArgumentException(study + ": a standardised difference needs a spread above 0");
        }
        double correction = Math.exp(LogGamma.value(m / 2.0) - 0.5 * Math.log(m / 2.0) - LogGamma.value((m - 1) / 2.0));
        double g = correction * (intervention.mean() - comparator.mean()) / pooledSd;
        return new Effect(study, g, 1.0 / n1 + 1.0 / n2 + g * g / (2.0 * (n1 + n2)));
    }

    /** The trial's own normal {@code level} interval, as a forest plot draws it. */
    public Interval interval(double level) {
        double half = RandomEffects.normalQuantile(level) * Math.sqrt(variance);
        return new Interval(estimate - half, estimate + half);
    }
}
