package org.regenregistry.ehr.push;

import java.util.Objects;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.ResearchSubject.ResearchSubjectStatus;

/**
 * What the registry says of one subject's enrolment, for the EHR's ResearchSubject
 * (<a href="https://hl7.org/fhir/R4/researchsubject.html">R4 ResearchSubject</a>): in the EHR's own terms (its
 * Patient and ResearchStudy ids) and keyed on the registry's enrolment identifier.
 *
 * @param enrolment the registry's enrolment identifier, which the EHR record carries so it is found again
 * @param ehrSubjectId the EHR ResearchSubject the registry copy was read from, or {@code null} when the EHR has none
 * @param ehrPatientId the subject's Patient in the EHR
 * @param ehrStudyId the EHR's ResearchStudy of the trial
 * @param period when the subject entered and, once left, left the trial
 */
public record EnrolmentUpdate(
        Identifier enrolment,
        String ehrSubjectId,
        String ehrPatientId,
        String ehrStudyId,
        ResearchSubjectStatus status,
        Period period,
        String arm) {

    public EnrolmentUpdate {
        Objects.requireNonNull(enrolment, "enrolment");
        Objects.requireNonNull(ehrPatientId, "ehrPatientId");
        Objects.requireNonNull(ehrStudyId, "ehrStudyId");
        Objects.requireNonNull(status, "status");
        enrolment = enrolment.copy();
        period = period == null ? new Period() : period.copy();
    }

    @Override
    public Identifier enrolment() {
        return enrolment.copy();
    }

    @Override
    public Period period() {
        return period.copy();
    }
}
