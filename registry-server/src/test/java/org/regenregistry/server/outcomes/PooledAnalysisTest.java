package org.regenregistry.server.outcomes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.regenregistry.statistics.ArmChanges;
import org.regenregistry.statistics.Effect;
import org.regenregistry.statistics.RandomEffects;
import org.regenregistry.statistics.Sample;

class PooledAnalysisTest {

    private static final String NRS = "72514-3";
    private static final String KOOS_PAIN = "72102-7";

    private static OutcomeSummaries.Row row(String trial, String instrument, String arm, String type, Sample change) {
        boolean lowerIsBetter = Instruments.of(instrument)
                .map(known -> known.instrument().lowerIsBetter())
                .orElse(true);
        return new OutcomeSummaries.Row(
                trial,
                instrument,
                OutcomeSummaries.Source.SUBJECTS,
                instrument,
                lowerIsBetter,
                "pain",
                type,
                new ArmChanges.Arm(
                        arm,
                        "6mo",
                        change.n(),
                        change.n(),
                        change.n(),
                        0,
                        0,
                        Optional.of(change),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty()),
                1,
                Instant.EPOCH);
    }

    private static PooledAnalysis.Options options(PooledAnalysis.Measure measure, int threshold) {
        return new PooledAnalysis.Options(
                "pain",
                "6mo",
                measure,
                null,
                RandomEffects.Tau2.DERSIMONIAN_LAIRD,
                RandomEffects.IntervalMethod.HARTUNG_KNAPP,
                threshold);
    }

    @Test
    void controlledTrialsArePooledAndSingleArmTrialsKeptApart() {
        List<OutcomeSummaries.Row> rows = new ArrayList<>();
        Map<String, String> titles = new LinkedHashMap<>();
        double[][] trials = {
            {-3.1, 2.0, -1.2, 2.1}, {-2.5, 1.8, -1.5, 1.9}, {-3.6, 2.2, -1.0, 2.4}, {-2.0, 2.0, -1.9, 2.0}
        };
        for (int i = 0; i < trials.length; i++) {
            String trial = "t" + i;
            titles.put(trial, "Trial " + i);
            rows.add(row(trial, NRS, "PRP", "experimental", new Sample(40, trials[i][0], trials[i][1])));
            rows.add(row(trial, NRS, "Saline", "placebo-comparator", new Sample(38, trials[i][2], trials[i][3])));
        }
        titles.put("single", "Open-label");
        rows.add(row("single", NRS, "PRP", "experimental", new Sample(25, -2.8, 2.3)));
        titles.put("no-data", "Not yet reported");

        PooledAnalysis.Result result = PooledAnalysis.of(rows, titles, options(null, 5));

        assertThat(result.measure()).isEqualTo(PooledAnalysis.Measure.MD);
        assertThat(result.instrument()).isEqualTo(NRS);
        assertThat(result.comparisons()).hasSize(4);
        assertThat(result.singleArm()).extracting(PooledAnalysis.PrePost::trial).containsExactly("single");
        assertThat(result.notAnalysed()).extracting(PooledAnalysis.Left::trial).containsExactly("no-data");
        List<Effect> effects = new ArrayList<>();
        for (int i = 0; i < trials.length; i++) {
            effects.add(Effect.meanDifference(
                    "t" + i, new Sample(40, trials[i][0], trials[i][1]), new Sample(38, trials[i][2], trials[i][3])));
        }
        RandomEffects.Pooled direct = RandomEffects.pool(
                effects, RandomEffects.Tau2.DERSIMONIAN_LAIRD, RandomEffects.IntervalMethod.HARTUNG_KNAPP);
        assertThat(result.pooled().estimate()).isCloseTo(direct.estimate(), within(1e-12));
        assertThat(result.pooled().k()).isEqualTo(4);
        assertThat(result.comparisons().stream()
                        .mapToDouble(PooledAnalysis.Comparison::weight)
                        .sum())
                .isCloseTo(100, within(1e-9));
        assertThat(result.singleArm().get(0).ciLower()).isLessThan(-2.8);
    }

    @Test
    void twoExperimentalArmsAreCombinedAndPlaceboIsPreferredToAnActiveComparator() {
        List<OutcomeSummaries.Row> rows = List.of(
                row("t", NRS, "Low dose", "experimental", new Sample(20, -2, 1.5)),
                row("t", NRS, "High dose", "experimental", new Sample(22, -3, 1.7)),
                row("t", NRS, "Steroid", "active-comparator", new Sample(21, -2.5, 1.6)),
                row("t", NRS, "Saline", "placebo-comparator", new Sample(20, -1, 1.4)));
        PooledAnalysis.Result result = PooledAnalysis.of(rows, Map.of("t", "T"), options(null, 0));
        PooledAnalysis.Comparison comparison = result.comparisons().get(0);
        assertThat(comparison.intervention().arms()).containsExactlyInAnyOrder("Low dose", "High dose");
        assertThat(comparison.intervention().n()).isEqualTo(42);
        assertThat(comparison.comparator().arms()).containsExactly("Saline");
        Sample combined = new Sample(20, -2, 1.5).combine(new Sample(22, -3, 1.7));
        assertThat(comparison.estimate()).isCloseTo(combined.mean() + 1, within(1e-12));
        assertThat(result.pooled()).isNull();
        assertThat(result.noPooledEstimate()).contains("fewer than 3");
    }

    @Test
    void differentInstrumentsArePooledAsHedgesGWithTheBetterDirectionAligned() {
        List<OutcomeSummaries.Row> rows = List.of(
                row("nrs", NRS, "A", "experimental", new Sample(30, -3, 2)),
                row("nrs", NRS, "B", "placebo-comparator", new Sample(30, -1, 2)),
                row("koos", KOOS_PAIN, "A", "experimental", new Sample(30, 20, 10)),
                row("koos", KOOS_PAIN, "B", "placebo-comparator", new Sample(30, 10, 10)));
        PooledAnalysis.Result result = PooledAnalysis.of(rows, Map.of("nrs", "N", "koos", "K"), options(null, 0));
        assertThat(result.measure()).isEqualTo(PooledAnalysis.Measure.SMD);
        // both trials favour the intervention: both effects below zero
        assertThat(result.comparisons())
                .allSatisfy(comparison -> assertThat(comparison.estimate()).isNegative());

        PooledAnalysis.Result md =
                PooledAnalysis.of(rows, Map.of("nrs", "N", "koos", "K"), options(PooledAnalysis.Measure.MD, 0));
        assertThat(md.instrument()).isEqualTo(NRS);
        assertThat(md.comparisons()).hasSize(1);
        assertThat(md.notAnalysed()).extracting(PooledAnalysis.Left::trial).containsExactly("koos");
    }

    @Test
    void armsBelowTheSmallCellThresholdAreLeftOut() {
        List<OutcomeSummaries.Row> rows = List.of(
                row("t", NRS, "A", "experimental", new Sample(4, -3, 2)),
                row("t", NRS, "B", "placebo-comparator", new Sample(30, -1, 2)));
        PooledAnalysis.Result researcher = PooledAnalysis.of(rows, Map.of("t", "T"), options(null, 5));
        assertThat(researcher.comparisons()).isEmpty();
        assertThat(researcher.notAnalysed())
                .extracting(PooledAnalysis.Left::reason)
                .containsExactly("no experimental arm analysed");
        assertThat(PooledAnalysis.of(rows, Map.of("t", "T"), options(null, 0)).comparisons())
                .hasSize(1);
    }
}
