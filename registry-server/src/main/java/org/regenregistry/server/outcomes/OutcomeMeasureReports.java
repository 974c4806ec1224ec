package org.regenregistry.server.outcomes;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Measure;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.regenregistry.profiles.CoreExtensions;
import org.regenregistry.server.security.SecuritySettings;
import org.regenregistry.statistics.ArmChanges;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * A trial's outcome summaries as a FHIR <a href="https://hl7.org/fhir/R4/measurereport.html">MeasureReport</a>
 * ({@code MeasureReport/<trial id>}, type summary) of the registry's Measure {@value #MEASURE}: a group per
 * instrument, a stratum per arm and time point with its populations and the mean change as the measure score. Small
 * cells are left out as for researchers, so the report is a trial-level record anyone who reads the trial may read.
 * The Measure is stored at start-up.
 */
@Component
class OutcomeMeasureReports implements ApplicationRunner {

    static final String MEASURE = "https://regen-registry.org/fhir/Measure/outcome-change-from-baseline";

    private static final String POPULATION = "http://terminology.hl7.org/CodeSystem/measure-population";

    private final DaoRegistry daos;
    private final FhirContext fhir;
    private final int threshold;

    OutcomeMeasureReports(DaoRegistry daos, FhirContext fhir, SecuritySettings security) {
        this.daos = daos;
        this.fhir = fhir;
        this.threshold = security.smallCellThreshold();
    }

    @Override
    public void run(ApplicationArguments arguments) {
        try (InputStream json = getClass().getResourceAsStream("/outcomes/outcome-change-measure.json")) {
            daos.getResourceDao(Measure.class)
                    .update(fhir.newJsonParser().parseResource(Measure.class, json), new SystemRequestDetails());
        } catch (IOException e) {
            throw new UncheckedIOException("The outcome Measure could not be read", e);
        }
    }

    /**
     * Stores the trial's report, or deletes it when the trial has no summaries. A report whose figures are those
     * stored is not written again: a recomputation that changed nothing (the daily refresh, a write elsewhere in the
     * trial) adds no version.
     */
    void write(String trialId, List<OutcomeSummaries.Row> rows, Instant computedAt) {
        MeasureReport stored;
        try {
            stored = daos.getResourceDao(MeasureReport.class)
                    .read(new IdType("MeasureReport", trialId), new SystemRequestDetails());
        } catch (ResourceNotFoundException | ResourceGoneException e) {
            stored = null;
        }
        if (rows.isEmpty()) {
            if (stored != null) {
                daos.getResourceDao(MeasureReport.class)
                        .delete(new IdType("MeasureReport", trialId), new SystemRequestDetails());
            }
            return;
        }
        MeasureReport report = report(trialId, rows, computedAt, threshold);
        if (stored != null && sameFigures(stored, report)) {
            return;
        }
        daos.getResourceDao(MeasureReport.class).update(report, new SystemRequestDetails());
    }

    private static boolean sameFigures(MeasureReport stored, MeasureReport report) {
        if (stored.getGroup().size() != report.getGroup().size()) {
            return false;
        }
        for (int i = 0; i < report.getGroup().size(); i++) {
            if (!stored.getGroup().get(i).equalsDeep(report.getGroup().get(i))) {
                return false;
            }
        }
        return true;
    }

    /** The report of a trial's rows, small cells below {@code threshold} left out. */
    static MeasureReport report(String trialId, List<OutcomeSummaries.Row> rows, Instant computedAt, int threshold) {
        MeasureReport report = new MeasureReport()
                .setStatus(MeasureReport.MeasureReportStatus.COMPLETE)
                .setType(MeasureReport.MeasureReportType.SUMMARY)
                .setMeasure(MEASURE)
                .setDate(Date.from(computedAt))
                .setPeriod(new Period().setEnd(Date.from(computedAt)));
        report.setId(trialId);
        report.addExtension(new Extension(CoreExtensions.RESEARCH_STUDY, new Reference("ResearchStudy/" + trialId)));
        Map<String, MeasureReport.MeasureReportGroupComponent> groups = new LinkedHashMap<>();
        for (OutcomeSummaries.Row row : rows) {
            MeasureReport.MeasureReportGroupComponent group = groups.computeIfAbsent(row.instrument(), code -> {
                MeasureReport.MeasureReportGroupComponent created = report.addGroup();
                Instruments.of(code)
                        .ifPresent(known -> created.setCode(new CodeableConcept()
                                .addCoding(new Coding(known.system(), code, known.name()))
                                .setText(known.name())));
                created.addStratifier().addCode().setText("arm and time point");
                return created;
            });
            ArmChanges.Arm arm = row.summary();
            MeasureReport.StratifierGroupComponent stratum =
                    group.getStratifierFirstRep().addStratum();
            stratum.setValue(new CodeableConcept().setText(arm.arm() + " at " + arm.timePoint()));
            stratum.addComponent()
                    .setCode(new CodeableConcept().setText("arm"))
                    .setValue(new CodeableConcept().setText(arm.arm()));
            stratum.addComponent()
                    .setCode(new CodeableConcept().setText("time-point"))
                    .setValue(new CodeableConcept().setText(arm.timePoint()));
            population(stratum, "initial-population", arm.enrolled(), threshold);
            population(stratum, "denominator", arm.expected(), threshold);
            population(stratum, "numerator", arm.analysed(), threshold);
            population(stratum, "denominator-exclusion", arm.missing(), threshold);
            arm.change()
                    .filter(change -> change.n() >= threshold)
                    .ifPresent(change -> stratum.setMeasureScore(new Quantity().setValue(change.mean())));
        }
        return report;
    }

    private static void population(
            MeasureReport.StratifierGroupComponent stratum, String code, int count, int threshold) {
        MeasureReport.StratifierGroupPopulationComponent population =
                stratum.addPopulation().setCode(new CodeableConcept(new Coding(POPULATION, code, null)));
        if (count == 0 || count >= threshold) {
            population.setCount(count);
        }
    }
}
