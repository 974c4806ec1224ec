package org.regenregistry.ehr.mapping;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import org.hl7.fhir.r4.model.ResearchSubject.ResearchSubjectStatus;
import org.regenregistry.profiles.FhirIds;

/**
 * What the registry knows of one subject's enrolment: the registry trial (ResearchStudy), the arm assigned, when and
 * with which status the subject entered, the EHR procedure codes that stand for the trial's products, and, where the
 * EHR records the enrolment too (<a href="https://hl7.org/fhir/R4/researchsubject.html">R4 ResearchSubject</a>), the
 * EHR's own ResearchStudy it is recorded against.
 *
 * @param study the registry trial, e.g. {@code ResearchStudy/prp-knee-oa}
 * @param ehrStudy the id of the EHR's ResearchStudy of this trial, or {@code null} when the EHR has none
 */
public record Enrolment(
        String study,
        String arm,
        LocalDate start,
        ResearchSubjectStatus status,
        List<TherapyProduct> products,
        String ehrStudy) {

    public Enrolment {
        if (study == null || !study.matches("ResearchStudy/" + FhirIds.ID)) {
            throw new IllegalArgumentException("An enrolment names a registry ResearchStudy, not " + study);
        }
        if (arm == null || arm.isBlank()) {
            throw new IllegalArgumentException("An enrolment names the arm assigned");
        }
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(status, "status");
        products = List.copyOf(products);
    }

    /** An enrolment the EHR does not record as a ResearchSubject of its own. */
    public Enrolment(
            String study, String arm, LocalDate start, ResearchSubjectStatus status, List<TherapyProduct> products) {
        this(study, arm, start, status, products, null);
    }

    String studyId() {
        return study.substring("ResearchStudy/".length());
    }
}
