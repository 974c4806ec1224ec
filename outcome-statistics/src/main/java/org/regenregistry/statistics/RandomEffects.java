package org.regenregistry.statistics;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.TDistribution;

/**
 * The random-effects model {@code y_i = μ + u_i + e_i}, {@code u_i ~ N(0, τ²)}, {@code e_i ~ N(0, v_i)}, fitted the
 * way metafor's {@code rma(yi, vi, method, test)} fits it (Viechtbauer 2010), so its results can be checked there:
 *
 * <ul>
 *   <li>τ² by DerSimonian and Laird's moment estimator (1986, Control Clin Trials 7:177) or by restricted maximum
 *       likelihood (Fisher scoring from the DL value, step-halving at the boundary, zero where the likelihood is
 *       higher there);
 *   <li>μ weighted by {@code 1/(v_i + τ²)}, its interval either Wald ({@code z}) or Hartung-Knapp-Sidik-Jonkman: the
 *       weighted residual variance as the estimate's variance and Student's t with {@code k - 1} degrees of freedom
 *       (Hartung and Knapp 2001, Stat Med 20:3875; IntHout et al. 2014, BMC Med Res Methodol 14:25), without the
 *       ad-hoc truncation at the Wald variance, as metafor's {@code test="knha"};
 *   <li>the prediction interval of a new trial's true effect, {@code μ ± t(k-2) sqrt(τ² + SE²)} (Higgins, Thompson
 *       and Spiegelhalter 2009, J R Stat Soc A 172:137), for three trials or more;
 *   <li>Cochran's Q with its p value, and I² as {@code τ² / (τ² + s²)} with the typical within-trial variance
 *       {@code s² = (k-1) Σw / ((Σw)² - Σw²)} (Higgins and Thompson 2002, Stat Med 21:1539), which for DL equals
 *       {@code (Q - df) / Q}.
 * </ul>
 */
public final class RandomEffects {

    /** How the between-trial variance τ² is estimated. */
    public enum Tau2 {
        DERSIMONIAN_LAIRD,
        REML
    }

    /** How the pooled estimate's interval is formed. */
    public enum IntervalMethod {
        /** Normal quantiles with the model's variance {@code 1/Σw*}. */
        WALD,
        /** Hartung-Knapp-Sidik-Jonkman: t quantiles with {@code k-1} df and the weighted residual variance. */
        HARTUNG_KNAPP
    }

    /** The pooled estimate and each trial's share of it. */
    public record Pooled(
            int k,
            Tau2 tau2Method,
            IntervalMethod test,
            double estimate,
            double standardError,
            Interval confidence,
            Interval prediction,
            double pValue,
            double tau2,
            double i2,
            double q,
            double qPValue,
            List<Weighted> trials) {}

    /**
     * A trial as pooled: its effect, its own 95% interval and its weight in percent of the total.
     *
     * @param effect the trial's estimate and variance
     * @param interval its own normal interval
     * @param weight its random-effects weight, in percent
     */
    public record Weighted(Effect effect, Interval interval, double weight) {}

    static final double LEVEL = 0.95;

    private static final int MAX_ITERATIONS = 1000;
    private static final double CONVERGED = 1e-12;

    private RandomEffects() {}

    /** Pools {@code effects} (at least two) at the 95% level. */
    public static Pooled pool(List<Effect> effects, Tau2 tau2Method, IntervalMethod test) {
        int k = effects.size();
        if (k < 2) {
            throw new IllegalArgumentException("pooling needs at least two trials, not " + k);
        }
        double[] y = effects.stream().mapToDouble(Effect::estimate).toArray();
        double[] v = effects.stream().mapToDouble(Effect::variance).toArray();

        double[] fixed = weights(v, 0);
        double fixedSum = sum(fixed);
        double fixedMean = weightedMean(y, fixed, fixedSum);
        double q = 0;
        double squaredWeights = 0;
        for (int i = 0; i < k; i++) {
            q += fixed[i] * (y[i] - fixedMean) * (y[i] - fixedMean);
            squaredWeights += fixed[i] * fixed[i];
        }
        double dl = Math.max(0, (q - (k - 1)) / (fixedSum - squaredWeights / fixedSum));
        double tau2 = tau2Method == Tau2.REML ? reml(y, v, dl) : dl;

        double[] w = weights(v, tau2);
        double weightSum = sum(w);
        double estimate = weightedMean(y, w, weightSum);
        double variance;
        double quantile;
        if (test == IntervalMethod.HARTUNG_KNAPP) {
            double residuals = 0;
            for (int i = 0; i < k; i++) {
                residuals += w[i] * (y[i] - estimate) * (y[i] - estimate);
            }
            variance = residuals / ((k - 1) * weightSum);
            quantile = TDistribution.of(k - 1).inverseCumulativeProbability(1 - (1 - LEVEL) / 2);
        } else {
            variance = 1 / weightSum;
            quantile = normalQuantile(LEVEL);
        }
        double se = Math.sqrt(variance);
        double statistic = Math.abs(estimate / se);
        double pValue = test == IntervalMethod.HARTUNG_KNAPP
                ? 2 * TDistribution.of(k - 1).survivalProbability(statistic)
                : 2 * NormalDistribution.of(0, 1).survivalProbability(statistic);

        Interval prediction = Interval.NONE;
        if (k >= 3) {
            double half = TDistribution.of(k - 2).inverseCumulativeProbability(1 - (1 - LEVEL) / 2)
                    * Math.sqrt(tau2 + variance);
            prediction = new Interval(estimate - half, estimate + half);
        }
        double typical = (k - 1) * fixedSum / (fixedSum * fixedSum - squaredWeights);
        double i2 = 100 * tau2 / (tau2 + typical);

        List<Weighted> trials = new ArrayList<>(k);
        for (int i = 0; i < k; i++) {
            Effect effect = effects.get(i);
            trials.add(new Weighted(effect, effect.interval(LEVEL), 100 * w[i] / weightSum));
        }
        return new Pooled(
                k,
                tau2Method,
                test,
                estimate,
                se,
                new Interval(estimate - quantile * se, estimate + quantile * se),
                prediction,
                pValue,
                tau2,
                i2,
                q,
                ChiSquaredDistribution.of(k - 1).survivalProbability(q),
                List.copyOf(trials));
    }

    /**
     * Restricted maximum likelihood τ² by Fisher scoring. For the intercept-only model, with {@code w = 1/(v + τ²)}
     * and {@code P = W - w wᵀ/Σw}, one step adds {@code (Σ w²(y - μ)² - tr P) / tr(P²)}; a step that would cross zero
     * is halved until it does not, and an estimate that ends below zero is zero.
     */
    private static double reml(double[] y, double[] v, double start) {
        double tau2 = start;
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            double[] w = weights(v, tau2);
            double sw = sum(w);
            double mean = weightedMean(y, w, sw);
            double sw2 = 0;
            double sw3 = 0;
            double score = 0;
            for (int i = 0; i < y.length; i++) {
                sw2 += w[i] * w[i];
                sw3 += w[i] * w[i] * w[i];
                score += w[i] * w[i] * (y[i] - mean) * (y[i] - mean);
            }
            double traceP = sw - sw2 / sw;
            double traceP2 = sw2 - 2 * sw3 / sw + (sw2 / sw) * (sw2 / sw);
            double step = (score - traceP) / traceP2;
            while (tau2 + step < 0) {
                step /= 2;
                if (Math.abs(step) < CONVERGED) {
                    step = 0;
                    break;
                }
            }
            tau2 += step;
            if (Math.abs(step) <= CONVERGED) {
                tau2 = Math.max(0, tau2);
                return restrictedLogLikelihood(y, v, 0) > restrictedLogLikelihood(y, v, tau2) ? 0 : tau2;
            }
        }
        throw new ArithmeticException("REML estimate of tau^2 did not converge in " + MAX_ITERATIONS + " steps");
    }

    /**
     * The restricted log-likelihood at {@code tau2}, up to a constant: {@code -(Σ log(v + τ²) + log Σw + Σ w(y -
     * μ)²) / 2}. Fisher scoring can stop at a stationary point while the boundary is higher; as metafor does, zero is
     * taken then.
     */
    private static double restrictedLogLikelihood(double[] y, double[] v, double tau2) {
        double[] w = weights(v, tau2);
        double sw = sum(w);
        double mean = weightedMean(y, w, sw);
        double value = Math.log(sw);
        for (int i = 0; i < y.length; i++) {
            value += Math.log(v[i] + tau2) + w[i] * (y[i] - mean) * (y[i] - mean);
        }
        return -value / 2;
    }

    static double normalQuantile(double level) {
        return NormalDistribution.of(0, 1).inverseCumulativeProbability(1 - (1 - level) / 2);
    }

    private static double[] weights(double[] v, double tau2) {
        double[] w = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            w[i] = 1 / (v[i] + tau2);
        }
        return w;
    }

    private static double sum(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum;
    }

    private static double weightedMean(double[] y, double[] w, double weightSum) {
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            sum += w[i] * y[i];
        }
        return sum / weightSum;
    }
}
