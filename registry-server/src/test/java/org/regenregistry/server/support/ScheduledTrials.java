package org.regenregistry.server.support;

import java.time.LocalDate;
import java.util.UUID;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Duration;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.ResearchStudy;
import org.hl7.fhir.r4.model.UnsignedIntType;
import org.regenregistry.profiles.RegistryExtensions;

/** Trials with a reporting schedule, for the tests of outcome submissions: quarterly, due 45 days after a quarter. */
public final class ScheduledTrials {

    private ScheduledTrials() {}

    /** A new conforming trial that started on {@code start} and reports every three months, with 45 days' grace. */
    public static ResearchStudy quarterly(String registryIdPrefix, LocalDate start) {
        ResearchStudy study = ExampleTrials.newTrial(registryIdPrefix + UUID.randomUUID());
        study.getPeriod().setStartElement(new DateTimeType(start.toString()));
        study.getExtension().removeIf(extension -> RegistryExtensions.REPORTING_SCHEDULE.equals(extension.getUrl()));
        Extension schedule = study.addExtension().setUrl(RegistryExtensions.REPORTING_SCHEDULE);
        schedule.addExtension(
                "period",
                new Duration()
                        .setValue(3)
                        .setSystem("http://unitsofmeasure.org")
                        .setCode("mo")
                        .setUnit("mo"));
        schedule.addExtension("graceDays", new UnsignedIntType(45));
        return study;
    }
}
