package org.regenregistry.server.outcomes;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.MeasureReport;
import org.junit.jupiter.api.Test;
import org.regenregistry.server.access.RecordLevel;
import org.regenregistry.statistics.ArmChanges;
import org.regenregistry.statistics.Sample;

class OutcomeMeasureReportsTest {

    private static OutcomeSummaries.Row row(String arm, int enrolled, int analysed, double mean) {
        return new OutcomeSummaries.Row(
                "trial-1",
                "72514-3",
                OutcomeSummaries.Source.SUBJECTS,
                "Pain NRS 0-10",
                true,
                "pain",
                "experimental",
                new ArmChanges.Arm(
                        arm,
                        "6mo",
                        enrolled,
                        enrolled,
                        analysed,
                        enrolled - analysed,
                        0,
                        analysed == 0 ? Optional.empty() : Optional.of(new Sample(analysed, mean, 1.5)),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty()),
                3,
                Instant.parse("2026-12-04T10:00:00Z"));
    }

    @Test
    void aStratumPerArmAndTimePointWithSmallCellsLeftOut() {
        MeasureReport report = OutcomeMeasureReports.report(
                "trial-1", List.of(row("PRP", 42, 36, -3.1), row("Saline", 4, 3, -1.0)), Instant.EPOCH, 5);
        assertThat(report.getIdElement().getIdPart()).isEqualTo("trial-1");
        assertThat(report.getMeasure()).isEqualTo(OutcomeMeasureReports.MEASURE);
        assertThat(report.getGroup()).hasSize(1);
        assertThat(report.getGroupFirstRep().getCode().getCodingFirstRep().getSystem())
                .isEqualTo("http://loinc.org");
        List<MeasureReport.StratifierGroupComponent> strata =
                report.getGroupFirstRep().getStratifierFirstRep().getStratum();
        assertThat(strata)
                .extracting(stratum -> stratum.getValue().getText())
                .containsExactly("PRP at 6mo", "Saline at 6mo");
        MeasureReport.StratifierGroupComponent prp = strata.get(0);
        assertThat(prp.getMeasureScore().getValue().doubleValue()).isEqualTo(-3.1);
        assertThat(prp.getPopulation())
                .extracting(population -> population.getCount())
                .containsExactly(42, 42, 36, 6);
        MeasureReport.StratifierGroupComponent saline = strata.get(1);
        assertThat(saline.hasMeasureScore()).as("a mean of three subjects").isFalse();
        assertThat(saline.getPopulation())
                .allSatisfy(population -> assertThat(population.hasCount()).isFalse());
        assertThat(RecordLevel.of(report)).isEqualTo(RecordLevel.TRIAL);
        assertThat(RecordLevel.of(report.copy().setType(MeasureReport.MeasureReportType.INDIVIDUAL)))
                .isEqualTo(RecordLevel.SUBJECT);
    }
}
