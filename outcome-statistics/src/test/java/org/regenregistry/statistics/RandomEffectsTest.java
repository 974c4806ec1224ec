package org.regenregistry.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.regenregistry.statistics.RandomEffects.IntervalMethod;
import org.regenregistry.statistics.RandomEffects.Pooled;
import org.regenregistry.statistics.RandomEffects.Tau2;

/**
 * The random-effects model against published worked examples, at the precision they were printed, and against
 * metafor 3.8-1 (R 4.2, Debian r-cran-metafor; REML with {@code control=list(threshold=1e-12)}) on the same data, to
 * eight significant digits. {@code MetaforAgreementTest} runs metafor itself on generated data.
 *
 * <ul>
 *   <li>Normand (1999), Stat Med 18:321, tables VIII-IX: length of stay in nine trials of stroke units, mean
 *       differences with the pooled-SD variance; DL and REML.
 *   <li>Raudenbush (2009), in The Handbook of Research Synthesis and Meta-Analysis, 2nd ed., table 16.3: 19
 *       teacher-expectancy effect sizes; DL and REML, Wald and Knapp-Hartung.
 *   <li>Viechtbauer (2010), J Stat Softw 36(3), p. 14: the BCG vaccine trials (Colditz et al. 1994), log risk ratios;
 *       REML.
 *   <li>Borenstein, Hedges, Higgins and Rothstein (2009), Introduction to Meta-Analysis, chapter 14, dataset 1: six
 *       trials as means and SDs, Hedges' g; DL.
 * </ul>
 */
class RandomEffectsTest {

    private static final double EIGHT_DIGITS = 1e-6;

    /** Normand 1999, table VIII: n, mean and SD of the stroke-unit and the routine-care groups. */
    private static final double[][] NORMAND = {
        {155, 55, 47, 156, 75, 64},
        {31, 27, 7, 32, 29, 4},
        {75, 64, 17, 71, 119, 29},
        {18, 66, 20, 18, 137, 48},
        {8, 14, 8, 13, 18, 11},
        {57, 19, 7, 52, 18, 4},
        {34, 52, 45, 33, 41, 34},
        {110, 21, 16, 183, 31, 27},
        {60, 30, 27, 52, 23, 20}
    };

    /** Raudenbush 2009 / Raudenbush and Bryk 1985: yi and vi. */
    private static final double[][] RAUDENBUSH = {
        {0.03, 0.0156}, {0.12, 0.0216}, {-0.14, 0.0279}, {1.18, 0.1391}, {0.26, 0.1362}, {-0.06, 0.0106},
        {-0.02, 0.0106}, {-0.32, 0.0484}, {0.27, 0.0269}, {0.80, 0.0630}, {0.54, 0.0912}, {0.18, 0.0497},
        {-0.02, 0.0835}, {0.23, 0.0841}, {-0.18, 0.0253}, {-0.06, 0.0279}, {0.30, 0.0193}, {0.07, 0.0088},
        {-0.07, 0.0303}
    };

    /** The BCG trials (dat.bcg): vaccinated with and without TB, controls with and without TB. */
    private static final int[][] BCG = {
        {4, 119, 11, 128},
        {6, 300, 29, 274},
        {3, 228, 11, 209},
        {62, 13536, 248, 12619},
        {33, 5036, 47, 5761},
        {180, 1361, 372, 1079},
        {8, 2537, 10, 619},
        {505, 87886, 499, 87892},
        {29, 7470, 45, 7232},
        {17, 1699, 65, 1600},
        {186, 50448, 141, 27197},
        {5, 2493, 3, 2338},
        {27, 16886, 29, 17825}
    };

    /** Borenstein et al. 2009, table 14.1: treated mean, SD, n; control mean, SD, n. */
    private static final double[][] BORENSTEIN = {
        {94, 22, 60, 92, 20, 60},
        {98, 21, 65, 92, 22, 65},
        {98, 28, 40, 88, 26, 40},
        {94, 19, 200, 82, 17, 200},
        {98, 21, 50, 88, 22, 45},
        {96, 21, 85, 92, 22, 85}
    };

    @Test
    void normandMeanDifferencesAsPublished() {
        List<Effect> effects = new ArrayList<>();
        for (double[] trial : NORMAND) {
            double n1 = trial[0];
            double n2 = trial[3];
            double pooled = ((n1 - 1) * trial[2] * trial[2] + (n2 - 1) * trial[5] * trial[5]) / (n1 + n2 - 2);
            effects.add(new Effect("t", trial[1] - trial[4], pooled * (1 / n1 + 1 / n2)));
        }
        Pooled dl = RandomEffects.pool(effects, Tau2.DERSIMONIAN_LAIRD, IntervalMethod.WALD);
        assertThat(dl.estimate()).isCloseTo(-14.10, within(0.005));
        assertThat(dl.confidence().lower()).isCloseTo(-24.45, within(0.005));
        assertThat(dl.confidence().upper()).isCloseTo(-3.75, within(0.005));
        assertThat(dl.tau2()).isCloseTo(218.72, within(0.005));
        Pooled reml = RandomEffects.pool(effects, Tau2.REML, IntervalMethod.WALD);
        assertThat(reml.estimate()).isCloseTo(-15.12, within(0.005));
        assertThat(reml.confidence().lower()).isCloseTo(-32.67, within(0.005));
        assertThat(reml.confidence().upper()).isCloseTo(2.43, within(0.005));
        assertThat(reml.tau2()).isCloseTo(685.20, within(0.005));

        // metafor: rma(yi, vi, method = "DL" | "REML", test = "z" | "knha"), escalc(vtype = "HO")
        assertMetafor(dl, -14.09722293, 5.279799213, -24.44543924, -3.749006629, 218.7216008, 96.68131052, 241.05901);
        assertPrediction(dl, -51.2299469, 23.03550104);
        assertMetafor(
                RandomEffects.pool(effects, Tau2.DERSIMONIAN_LAIRD, IntervalMethod.HARTUNG_KNAPP),
                -14.09722293,
                8.780312771,
                -34.34466049,
                6.150214624,
                218.7216008,
                96.68131052,
                241.05901);
        assertMetafor(reml, -15.1216849, 8.954200786, -32.67159595, 2.428226154, 685.1965005, 98.91615333, 241.05901);
        Pooled remlKnha = RandomEffects.pool(effects, Tau2.REML, IntervalMethod.HARTUNG_KNAPP);
        assertMetafor(
                remlKnha, -15.1216849, 9.20279589, -36.34337027, 6.100000481, 685.1965005, 98.91615333, 241.05901);
        assertPrediction(remlKnha, -80.73257072, 50.48920093);
        assertThat(dl.trials().get(0).weight()).isCloseTo(10.75026175, withinPercentage(EIGHT_DIGITS));
        assertThat(reml.trials().get(3).weight()).isCloseTo(9.597308455, withinPercentage(EIGHT_DIGITS));
    }

    @Test
    void raudenbushKnappHartungAsPublished() {
        List<Effect> effects = new ArrayList<>();
        for (double[] study : RAUDENBUSH) {
            effects.add(new Effect("s", study[0], study[1]));
        }
        // table 16.3: tau2, mu, se, CI, to four decimals
        assertPublished(
                RandomEffects.pool(effects, Tau2.REML, IntervalMethod.WALD), 0.0188, 0.0837, 0.0516, -0.0175, 0.1849);
        assertPublished(
                RandomEffects.pool(effects, Tau2.DERSIMONIAN_LAIRD, IntervalMethod.WALD),
                0.0259,
                0.0893,
                0.0558,
                -0.0200,
                0.1987);
        Pooled remlKh = RandomEffects.pool(effects, Tau2.REML, IntervalMethod.HARTUNG_KNAPP);
        assertPublished(remlKh, 0.0188, 0.0837, 0.0616, -0.0457, 0.2131);
        Pooled dlKh = RandomEffects.pool(effects, Tau2.DERSIMONIAN_LAIRD, IntervalMethod.HARTUNG_KNAPP);
        assertPublished(dlKh, 0.0259, 0.0893, 0.0636, -0.0442, 0.2229);
        assertThat(dlKh.q()).isCloseTo(35.83, within(0.005));

        assertMetafor(
                dlKh,
                0.08932208443,
                0.06357555508,
                -0.04424520046,
                0.2228893693,
                0.0259036723,
                49.76211847,
                35.8295363);
        assertPrediction(dlKh, -0.2757767525, 0.4544209214);
        assertMetafor(
                remlKh,
                0.08370124188,
                0.06157931947,
                -0.04567210761,
                0.2130745914,
                0.01881828814,
                41.84667025,
                35.8295363);
        assertPrediction(remlKh, -0.2335458604, 0.4009483442);
    }

    @Test
    void bcgLogRiskRatiosAsPublished() {
        List<Effect> effects = new ArrayList<>();
        for (int[] trial : BCG) {
            double vaccinated = trial[0] + trial[1];
            double controls = trial[2] + trial[3];
            effects.add(new Effect(
                    "bcg",
                    Math.log((trial[0] / vaccinated) / (trial[2] / controls)),
                    1.0 / trial[0] - 1 / vaccinated + 1.0 / trial[2] - 1 / controls));
        }
        Pooled reml = RandomEffects.pool(effects, Tau2.REML, IntervalMethod.WALD);
        // Viechtbauer 2010, p. 14
        assertThat(reml.estimate()).isCloseTo(-0.7145, within(0.00005));
        assertThat(reml.standardError()).isCloseTo(0.1798, within(0.00005));
        assertThat(reml.confidence().lower()).isCloseTo(-1.0669, within(0.00005));
        assertThat(reml.confidence().upper()).isCloseTo(-0.3622, within(0.00005));
        assertThat(reml.tau2()).isCloseTo(0.3132, within(0.00005));
        assertThat(reml.i2()).isCloseTo(92.22, within(0.005));
        assertThat(reml.q()).isCloseTo(152.2330, within(0.00005));
        assertThat(reml.pValue()).isLessThan(0.0001);

        assertMetafor(
                reml, -0.7145323422, 0.1797815161, -1.066897639, -0.3621670455, 0.3132432581, 92.22138452, 152.2330081);
        assertPrediction(reml, -2.008375907, 0.5793112226);
        Pooled dl = RandomEffects.pool(effects, Tau2.DERSIMONIAN_LAIRD, IntervalMethod.HARTUNG_KNAPP);
        assertMetafor(
                dl, -0.7141172221, 0.1806966283, -1.107821354, -0.32041309, 0.3087602629, 92.11734685, 152.2330081);
        assertPrediction(dl, -2.000162352, 0.5719279077);
    }

    @Test
    void borensteinHedgesGAsPublished() {
        List<Effect> effects = new ArrayList<>();
        for (double[] trial : BORENSTEIN) {
            effects.add(Effect.standardisedMeanDifference(
                    "s",
                    new Sample((int) trial[2], trial[0], trial[1]),
                    new Sample((int) trial[5], trial[3], trial[4])));
        }
        // escalc(measure = "SMD"): yi and vi of Carroll and of Peck
        assertThat(effects.get(0).estimate()).isCloseTo(0.09452415852, withinPercentage(EIGHT_DIGITS));
        assertThat(effects.get(0).variance()).isCloseTo(0.03337056174, withinPercentage(EIGHT_DIGITS));
        assertThat(effects.get(2).estimate()).isCloseTo(0.3665444295, withinPercentage(EIGHT_DIGITS));
        assertThat(effects.get(2).variance()).isCloseTo(0.05083971762, withinPercentage(EIGHT_DIGITS));

        Pooled dl = RandomEffects.pool(effects, Tau2.DERSIMONIAN_LAIRD, IntervalMethod.WALD);
        // chapter 14 prints M* = 0.3585 and T² = 0.0372 (its variance formula differs from metafor's in the fourth
        // decimal of T², so the book's figures are held to their printed precision only)
        assertThat(dl.estimate()).isCloseTo(0.3585, within(0.0005));
        assertThat(dl.tau2()).isCloseTo(0.0372, within(0.0002));
        assertMetafor(
                dl, 0.3584972379, 0.1054537914, 0.1518116048, 0.565182871, 0.03723540429, 58.0320093, 11.91384176);
        assertPrediction(dl, -0.2520423867, 0.9690368625);
        assertThat(dl.trials().get(3).weight()).isCloseTo(23.27089806, withinPercentage(EIGHT_DIGITS));
        Pooled reml = RandomEffects.pool(effects, Tau2.REML, IntervalMethod.HARTUNG_KNAPP);
        assertMetafor(
                reml, 0.360651683, 0.09092531734, 0.1269207139, 0.5943826522, 0.03211416438, 54.39177055, 11.91384176);
        assertPrediction(reml, -0.1972796254, 0.9185829914);
    }

    @Test
    void homogeneousTrialsHaveNoHeterogeneity() {
        List<Effect> same = List.of(new Effect("a", 1.0, 0.2), new Effect("b", 1.01, 0.3), new Effect("c", 0.99, 0.25));
        for (Tau2 method : Tau2.values()) {
            Pooled pooled = RandomEffects.pool(same, method, IntervalMethod.WALD);
            assertThat(pooled.tau2()).isZero();
            assertThat(pooled.i2()).isZero();
        }
    }

    @Test
    void twoTrialsHaveNoPredictionAndOneCannotBePooled() {
        Pooled two = RandomEffects.pool(
                List.of(new Effect("a", 1, 0.1), new Effect("b", 2, 0.2)),
                Tau2.DERSIMONIAN_LAIRD,
                IntervalMethod.HARTUNG_KNAPP);
        assertThat(two.prediction().exists()).isFalse();
        assertThat(two.confidence().exists()).isTrue();
        assertThatThrownBy(() -> RandomEffects.pool(List.of(new Effect("a", 1, 0.1)), Tau2.REML, IntervalMethod.WALD))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Effect("bad", 1, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertPublished(Pooled pooled, double tau2, double mu, double se, double lower, double upper) {
        assertThat(pooled.tau2()).isCloseTo(tau2, within(0.00005));
        assertThat(pooled.estimate()).isCloseTo(mu, within(0.00005));
        assertThat(pooled.standardError()).isCloseTo(se, within(0.00005));
        assertThat(pooled.confidence().lower()).isCloseTo(lower, within(0.00005));
        assertThat(pooled.confidence().upper()).isCloseTo(upper, within(0.00005));
    }

    private static void assertMetafor(
            Pooled pooled, double estimate, double se, double lower, double upper, double tau2, double i2, double q) {
        assertThat(pooled.estimate()).isCloseTo(estimate, withinPercentage(EIGHT_DIGITS));
        assertThat(pooled.standardError()).isCloseTo(se, withinPercentage(EIGHT_DIGITS));
        assertThat(pooled.confidence().lower()).isCloseTo(lower, withinPercentage(EIGHT_DIGITS));
        assertThat(pooled.confidence().upper()).isCloseTo(upper, withinPercentage(EIGHT_DIGITS));
        assertThat(pooled.tau2()).isCloseTo(tau2, withinPercentage(EIGHT_DIGITS));
        assertThat(pooled.i2()).isCloseTo(i2, withinPercentage(EIGHT_DIGITS));
        assertThat(pooled.q()).isCloseTo(q, withinPercentage(EIGHT_DIGITS));
    }

    private static void assertPrediction(Pooled pooled, double lower, double upper) {
        assertThat(pooled.prediction().lower()).isCloseTo(lower, withinPercentage(EIGHT_DIGITS));
        assertThat(pooled.prediction().upper()).isCloseTo(upper, withinPercentage(EIGHT_DIGITS));
    }
}
