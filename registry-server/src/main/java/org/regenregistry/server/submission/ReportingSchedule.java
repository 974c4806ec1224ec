package org.regenregistry.server.submission;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Duration;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.ResearchStudy;
import org.hl7.fhir.r4.model.UnsignedIntType;
import org.regenregistry.profiles.RegistryExtensions;

/**
 * A trial's reporting schedule (its {@code reporting-schedule} extension): periods of a fixed length back to back
 * from the trial's start, each due for submission {@code graceDays} after its last day. A period's bounds are dates,
 * both inclusive; months and years are calendar ones, each period's start counted from the trial's start (a trial
 * starting on January 31st with quarterly periods has them start on April 30th, July 31st, October 31st), each
 * period ending the day before the next starts.
 *
 * @param start the trial's start, the first period's first day
 * @param amount the period's length in {@code unit}s
 * @param unit {@code d}, {@code wk}, {@code mo} or {@code a} (UCUM)
 * @param graceDays the days after a period's end before its submission is overdue
 * @param end the trial's end, if known: no period starts after it
 */
record ReportingSchedule(LocalDate start, int amount, String unit, int graceDays, LocalDate end) {

    /** The most periods a schedule yields, whatever its length: a daily schedule of a decades-long trial stops here. */
    static final int MAX_PERIODS = 2_000;

    /** One reporting period. */
    record Period(LocalDate start, LocalDate end, LocalDate due) {

        /** Whether a submission not made by {@code today} is late: its due day has passed. */
        boolean overdueOn(LocalDate today) {
            return due.isBefore(today);
        }

        @Override
        public String toString() {
            return start + ".." + end;
        }
    }

    ReportingSchedule {
        if (amount < 1 || !List.of("d", "wk", "mo", "a").contains(unit)) {
            throw new IllegalArgumentException(
                    "A reporting period is a positive whole number of d, wk, mo or a, not " + amount + " " + unit);
        }
    }

    /** The schedule of {@code trial}, if it has one and a start date. */
    static Optional<ReportingSchedule> of(ResearchStudy trial) {
        Extension schedule = trial.getExtensionByUrl(RegistryExtensions.REPORTING_SCHEDULE);
        if (schedule == null || !trial.getPeriod().hasStart()) {
            return Optional.empty();
        }
        Extension period = schedule.getExtensionByUrl("period");
        if (period == null || !(period.getValue() instanceof Duration length) || !length.hasValue()) {
            return Optional.empty();
        }
        Extension grace = schedule.getExtensionByUrl("graceDays");
        int graceDays = grace != null && grace.getValue() instanceof UnsignedIntType days ? days.getValue() : 0;
        return Optional.of(new ReportingSchedule(
                date(trial.getPeriod().getStartElement().getValueAsString()),
                length.getValue().intValueExact(),
                length.getCode(),
                graceDays,
                trial.getPeriod().hasEnd()
                        ? date(trial.getPeriod().getEndElement().getValueAsString())
                        : null));
    }

    /** The period that starts and ends on these dates, if the schedule has one. */
    Optional<Period> period(LocalDate first, LocalDate last) {
        return periodsStartingBy(first).stream()
                .filter(period -> period.start().equals(first) && period.end().equals(last))
                .findFirst();
    }

    /** The periods that start on or before {@code day} (and on or before the trial's end). */
    List<Period> periodsStartingBy(LocalDate day) {
        List<Period> periods = new ArrayList<>();
        for (int index = 0; index < MAX_PERIODS; index++) {
            LocalDate first = startOf(index);
            if (first.isAfter(day) || (end != null && first.isAfter(end))) {
                break;
            }
            LocalDate last = startOf(index + 1).minusDays(1);
            periods.add(new Period(first, last, last.plusDays(graceDays)));
        }
        return periods;
    }

    private LocalDate startOf(int index) {
        long steps = (long) index * amount;
        return switch (unit) {
            case "d" -> start.plusDays(steps);
            case "wk" -> start.plusWeeks(steps);
            case "mo" -> start.plusMonths(steps);
            default -> start.plusYears(steps);
        };
    }

    /** The first day a FHIR date or dateTime covers: its day, or the first of its month or year. */
    static LocalDate date(String value) {
        return switch (value.length()) {
            case 4 -> LocalDate.parse(value + "-01-01");
            case 7 -> LocalDate.parse(value + "-01");
            default -> LocalDate.parse(value.substring(0, 10));
        };
    }
}
