package org.regenregistry.statistics;

/**
 * How an outcome instrument's scores are read: which way is better, and what counts as a response.
 *
 * @param code the instrument's code (LOINC, or the registry's outcome-instrument code system)
 * @param lowerIsBetter whether a fall in the score is an improvement (pain intensity, disability) or a rise is (KOOS)
 * @param painIntensity whether it rates pain intensity, where responders are counted by percent reduction (IMMPACT:
 *     Dworkin et al. 2008, J Pain 9:105)
 * @param minimumPoints for the 30% responder of a 0-10 rating scale, the reduction in points also required (2 on the
 *     NRS: Farrar et al. 2001, Pain 94:149); 0 where none applies
 * @param mcid the minimal clinically important difference, in the instrument's points, or NaN where none is named
 */
public record Instrument(String code, boolean lowerIsBetter, boolean painIntensity, double minimumPoints, double mcid) {

    /** The improvement from {@code baseline} to {@code value}, positive when the subject is better. */
    public double improvement(double baseline, double value) {
        return lowerIsBetter ? baseline - value : value - baseline;
    }

    /**
     * Whether the score fell by at least {@code percent} of a baseline above zero (compared as {@code 100 x Δ >= p x
     * baseline}, so that 7 from 10 is the 30% it is), and by at least {@code points}.
     */
    boolean reducedBy(int percent, double points, double baseline, double value) {
        double improvement = improvement(baseline, value);
        return baseline > 0 && 100 * improvement >= percent * baseline && improvement >= points;
    }
}
