package org.regenregistry.server.system;

import java.time.LocalDate;
import org.hl7.fhir.r4.model.BaseDateTimeType;

/** FHIR dates as the day they name. */
public final class FhirDates {

    private FhirDates() {}

    /**
     * The calendar day of a date or date-time as written, in its own time zone (an effective time of 23:30-05:00 is
     * that day, not the next in UTC); a month or year gives its first day.
     */
    public static LocalDate day(BaseDateTimeType date) {
        return LocalDate.of(date.getYear(), date.getMonth() + 1, date.getDay());
    }
}
