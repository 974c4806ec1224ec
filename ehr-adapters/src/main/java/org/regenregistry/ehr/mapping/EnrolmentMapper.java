package org.regenregistry.ehr.mapping;

import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ResearchSubject;
import org.regenregistry.profiles.RegistryProfiles;

/**
 * The registry's ResearchSubject (profile {@code rr-subject}) of the subject's enrolment: the registry trial and arm
 * from what the registry knows, and, where the EHR records the enrolment as a ResearchSubject of its own, that
 * record's status and period (<a href="https://hl7.org/fhir/R4/researchsubject.html">R4 ResearchSubject</a>). Both
 * ways are keyed on the enrolment ({@code <trial>/<pseudonym>}), so they update one registry ResearchSubject.
 */
final class EnrolmentMapper {

    private EnrolmentMapper() {}

    /** The identifier the registry ResearchSubject is conditionally updated on. */
    static Identifier key(Enrolment enrolment, Subject subject) {
        return RegistryIdentifiers.enrolment(enrolment.studyId(), subject.pseudonym());
    }

    /** The ResearchSubject from the enrolment alone, stamped with the source of the subject's Patient. */
    static ResearchSubject fromEnrolment(Enrolment enrolment, Subject subject, EhrSource patientSource) {
        ResearchSubject researchSubject = base(enrolment, subject, patientSource);
        researchSubject.setStatus(enrolment.status());
        researchSubject
                .getPeriod()
                .setStartElement(new DateTimeType(enrolment.start().toString()));
        return researchSubject;
    }

    /** Whether an EHR ResearchSubject records this enrolment: it is in the EHR's ResearchStudy of the trial. */
    static boolean records(Enrolment enrolment, ResearchSubject ehr) {
        return enrolment.ehrStudy() != null
                && ehr.getStudy().hasReference()
                && enrolment.ehrStudy().equals(new IdType(ehr.getStudy().getReference()).getIdPart());
    }

    static ResearchSubject fromEhr(Enrolment enrolment, Subject subject, ResearchSubject ehr, EhrSource source)
            throws NotMapped {
        if (!records(enrolment, ehr)) {
            throw NotMapped.skipped("the ResearchSubject is in "
                    + ehr.getStudy().getReference() + ", not the EHR study of the registry trial " + enrolment.study());
        }
        if (!subject.isReferencedBy(ehr.getIndividual())) {
            throw NotMapped.unmappable("ResearchSubject.individual is "
                    + ehr.getIndividual().getReference() + ", not the subject's Patient");
        }
        ResearchSubject researchSubject = base(enrolment, subject, source);
        researchSubject.addIdentifier(source.key());
        researchSubject.setStatus(ehr.hasStatus() ? ehr.getStatus() : enrolment.status());
        researchSubject
                .getPeriod()
                .setStartElement(
                        ehr.getPeriod().hasStart()
                                ? ehr.getPeriod().getStartElement().copy()
                                : new DateTimeType(enrolment.start().toString()));
        if (ehr.getPeriod().hasEnd()) {
            researchSubject
                    .getPeriod()
                    .setEndElement(ehr.getPeriod().getEndElement().copy());
        }
        return researchSubject;
    }

    private static ResearchSubject base(Enrolment enrolment, Subject subject, EhrSource source) {
        ResearchSubject researchSubject = new ResearchSubject();
        researchSubject.setMeta(source.meta(RegistryProfiles.SUBJECT));
        researchSubject.addIdentifier(key(enrolment, subject));
        researchSubject.setStudy(new Reference(enrolment.study()));
        researchSubject.setIndividual(subject.reference());
        researchSubject.setAssignedArm(enrolment.arm());
        return researchSubject;
    }
}
