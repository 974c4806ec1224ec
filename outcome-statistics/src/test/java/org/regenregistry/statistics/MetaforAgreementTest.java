package org.regenregistry.statistics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regenregistry.statistics.RandomEffects.IntervalMethod;
import org.regenregistry.statistics.RandomEffects.Pooled;
import org.regenregistry.statistics.RandomEffects.Tau2;

/**
 * The statistics against an independent implementation: R's metafor (Viechtbauer 2010; Debian's r-cran-metafor,
 * which {@code .ci/run} installs) runs {@code metafor-reference.R} on the same generated trials, and every number
 * (effect sizes, pooled estimate, SE, confidence and prediction limits, τ², I², Q, weights) must agree to seven
 * significant digits, for MD and SMD, DL and REML, Wald and Hartung-Knapp, over trials from 2 to 40 with and without
 * heterogeneity. The data are drawn with a fixed seed, so a failure can be replayed.
 */
class MetaforAgreementTest {

    private static final double RELATIVE = 1e-7;
    /** Zero is zero to within this: REML may stop a hair above the boundary, where I² is then 3e-10 %. */
    private static final double ABSOLUTE = 1e-9;

    private static final long SEED = 20261204L;

    @TempDir
    Path work;

    private record Trial(String dataset, String study, Sample intervention, Sample comparator) {}

    @Test
    void agreesWithMetaforOnGeneratedTrials() throws Exception {
        Random random = new Random(SEED);
        List<List<Trial>> datasets = new ArrayList<>();
        for (int d = 0; d < 40; d++) {
            int k = 2 + random.nextInt(39);
            double tau = d % 4 == 0 ? 0 : random.nextDouble() * 8;
            double effect = -15 + random.nextDouble() * 20;
            List<Trial> trials = new ArrayList<>();
            for (int s = 0; s < k; s++) {
                double trueEffect = effect + tau * random.nextGaussian();
                int n1 = 5 + random.nextInt(150);
                int n2 = 5 + random.nextInt(150);
                double sd1 = 5 + random.nextDouble() * 20;
                double sd2 = 5 + random.nextDouble() * 20;
                double comparator = -10 + 3 * random.nextGaussian();
                trials.add(new Trial(
                        "d" + d,
                        "s" + s,
                        new Sample(
                                n1,
                                round(comparator + trueEffect + sd1 * random.nextGaussian() / Math.sqrt(n1)),
                                round(sd1)),
                        new Sample(n2, round(comparator + sd2 * random.nextGaussian() / Math.sqrt(n2)), round(sd2))));
            }
            datasets.add(trials);
        }
        Map<String, String[]> reference = metafor(datasets);

        int compared = 0;
        for (List<Trial> trials : datasets) {
            String dataset = trials.get(0).dataset();
            for (String measure : List.of("MD", "SMD")) {
                List<Effect> effects = trials.stream()
                        .map(trial -> measure.equals("MD")
                                ? Effect.meanDifference(trial.study(), trial.intervention(), trial.comparator())
                                : Effect.standardisedMeanDifference(
                                        trial.study(), trial.intervention(), trial.comparator()))
                        .toList();
                for (Tau2 method : Tau2.values()) {
                    String methodName = method == Tau2.REML ? "REML" : "DL";
                    for (IntervalMethod test : IntervalMethod.values()) {
                        String testName = test == IntervalMethod.HARTUNG_KNAPP ? "knha" : "z";
                        Pooled pooled = RandomEffects.pool(effects, method, test);
                        String[] fit = reference.get(String.join(",", "fit", dataset, measure, methodName, testName));
                        String where = dataset + " " + measure + " " + methodName + " " + testName;
                        assertThat(fit).as(where).isNotNull();
                        assertThat(Integer.parseInt(fit[5])).as(where).isEqualTo(pooled.k());
                        agree(where + " estimate", pooled.estimate(), fit[6]);
                        agree(where + " se", pooled.standardError(), fit[7]);
                        agree(where + " ci lower", pooled.confidence().lower(), fit[8]);
                        agree(where + " ci upper", pooled.confidence().upper(), fit[9]);
                        agree(where + " pi lower", pooled.prediction().lower(), fit[10]);
                        agree(where + " pi upper", pooled.prediction().upper(), fit[11]);
                        agree(where + " tau2", pooled.tau2(), fit[12]);
                        agree(where + " I2", pooled.i2(), fit[13]);
                        agree(where + " Q", pooled.q(), fit[14]);
                        for (RandomEffects.Weighted weighted : pooled.trials()) {
                            String[] study = reference.get(String.join(
                                    ",",
                                    "study",
                                    dataset,
                                    measure,
                                    methodName,
                                    weighted.effect().study()));
                            agree(where + " yi", weighted.effect().estimate(), study[5]);
                            agree(where + " vi", weighted.effect().variance(), study[6]);
                            agree(where + " weight", weighted.weight(), study[7]);
                        }
                        compared++;
                    }
                }
            }
        }
        assertThat(compared).isEqualTo(40 * 2 * 2 * 2);
    }

    private static void agree(String what, double actual, String expected) {
        if (expected.equals("NA")) {
            assertThat(actual).as(what + " (metafor gives none)").isNaN();
            return;
        }
        double reference = Double.parseDouble(expected);
        assertThat(Math.abs(actual - reference))
                .as("%s: %s vs metafor %s", what, actual, expected)
                .isLessThanOrEqualTo(RELATIVE * Math.abs(reference) + ABSOLUTE);
    }

    /** Runs the R script on the trials; its rows by their key columns. */
    private Map<String, String[]> metafor(List<List<Trial>> datasets) throws IOException, InterruptedException {
        Path script = work.resolve("metafor-reference.R");
        try (InputStream resource = getClass().getResourceAsStream("/metafor-reference.R")) {
            Files.copy(resource, script);
        }
        StringBuilder csv = new StringBuilder("dataset,study,m1,sd1,n1,m2,sd2,n2\n");
        for (List<Trial> trials : datasets) {
            for (Trial trial : trials) {
                csv.append(String.format(
                        Locale.ROOT,
                        "%s,%s,%s,%s,%d,%s,%s,%d%n",
                        trial.dataset(),
                        trial.study(),
                        trial.intervention().mean(),
                        trial.intervention().sd(),
                        trial.intervention().n(),
                        trial.comparator().mean(),
                        trial.comparator().sd(),
                        trial.comparator().n()));
            }
        }
        Path errors = work.resolve("stderr.txt");
        Process r = new ProcessBuilder("Rscript", "--vanilla", script.toString())
                .redirectError(errors.toFile())
                .start();
        try (OutputStream in = r.getOutputStream()) {
            in.write(csv.toString().getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(r.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(r.waitFor(2, TimeUnit.MINUTES))
                .as("Rscript ends within 2 minutes")
                .isTrue();
        assertThat(r.exitValue()).as("Rscript: %s", Files.readString(errors)).isZero();
        Map<String, String[]> rows = new HashMap<>();
        for (String line : output.split("\n")) {
            String[] columns = line.split(",");
            rows.put(String.join(",", List.of(columns).subList(0, 5)), columns);
        }
        return rows;
    }

    /** Values as a trial report prints them, two decimals, so R and Java read the same numbers. */
    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
