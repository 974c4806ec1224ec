package org.regenregistry.server.submission;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Duration;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.ResearchStudy;
import org.hl7.fhir.r4.model.UnsignedIntType;
import org.junit.jupiter.api.Test;
import org.regenregistry.profiles.RegistryExtensions;

class ReportingScheduleTest {

    @Test
    void quarterlyPeriodsRunFromTheTrialsStartAndFallDueAfterTheGraceDays() {
        ReportingSchedule schedule =
                ReportingSchedule.of(trial("2026-01-31", 3, "mo", 30)).orElseThrow();

        assertThat(schedule.periodsStartingBy(LocalDate.parse("2026-08-01")))
                .containsExactly(
                        new ReportingSchedule.Period(
                                LocalDate.parse("2026-01-31"),
                                LocalDate.parse("2026-04-29"),
                                LocalDate.parse("2026-05-29")),
                        new ReportingSchedule.Period(
                                LocalDate.parse("2026-04-30"),
                                LocalDate.parse("2026-07-30"),
                                LocalDate.parse("2026-08-29")),
                        new ReportingSchedule.Period(
                                LocalDate.parse("2026-07-31"),
                                LocalDate.parse("2026-10-30"),
                                LocalDate.parse("2026-11-29")));
    }

    @Test
    void onlyPeriodsWhoseDueDateHasPassedCanBeOverdue() {
        ReportingSchedule schedule =
                ReportingSchedule.of(trial("2026-01-01", 4, "wk", 7)).orElseThrow();

        assertThat(overdueOn(schedule, "2026-02-04")).isEmpty();
        assertThat(overdueOn(schedule, "2026-02-05"))
                .extracting(ReportingSchedule.Period::end)
                .containsExactly(LocalDate.parse("2026-01-28"));
    }

    @Test
    void aSubmittedPeriodMustBeOneOfTheSchedules() {
        ReportingSchedule schedule =
                ReportingSchedule.of(trial("2026-02-01", 1, "a", 0)).orElseThrow();

        assertThat(schedule.period(LocalDate.parse("2027-02-01"), LocalDate.parse("2028-01-31")))
                .isPresent();
        assertThat(schedule.period(LocalDate.parse("2027-02-01"), LocalDate.parse("2028-01-30")))
                .isEmpty();
    }

    @Test
    void aTrialWithoutAScheduleHasNone() {
        ResearchStudy unscheduled = new ResearchStudy();
        unscheduled.getPeriod().setStartElement(new DateTimeType("2026-02-01"));

        assertThat(ReportingSchedule.of(unscheduled)).isEmpty();
    }

    @Test
    void theScheduleEndsWithTheTrial() {
        ResearchStudy ended = trial("2026-01-01", 1, "mo", 0);
        ended.getPeriod().setEndElement(new DateTimeType("2026-03-15"));

        assertThat(ReportingSchedule.of(ended).orElseThrow().periodsStartingBy(LocalDate.parse("2027-01-01")))
                .extracting(ReportingSchedule.Period::start)
                .containsExactly(
                        LocalDate.parse("2026-01-01"), LocalDate.parse("2026-02-01"), LocalDate.parse("2026-03-01"));
    }

    private static List<ReportingSchedule.Period> overdueOn(ReportingSchedule schedule, String day) {
        LocalDate today = LocalDate.parse(day);
        return schedule.periodsStartingBy(today).stream()
                .filter(period -> period.overdueOn(today))
                .toList();
    }

    private static ResearchStudy trial(String start, int amount, String unit, int graceDays) {
        ResearchStudy trial = new ResearchStudy();
        trial.getPeriod().setStartElement(new DateTimeType(start));
        Extension schedule = trial.addExtension().setUrl(RegistryExtensions.REPORTING_SCHEDULE);
        schedule.addExtension(
                "period",
                new Duration()
                        .setValue(amount)
                        .setSystem("http://unitsofmeasure.org")
                        .setCode(unit));
        schedule.addExtension("graceDays", new UnsignedIntType(graceDays));
        return trial;
    }
}
