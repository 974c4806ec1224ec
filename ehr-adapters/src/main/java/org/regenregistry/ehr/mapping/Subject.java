package org.regenregistry.ehr.mapping;

import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/**
 * The subject of one mapping: the EHR Patient's logical id, against which the EHR's references are checked, and the
 * registry Patient's key (the MRN hash) and pseudonym, which every registry resource refers to instead.
 */
record Subject(String ehrPatientId, Identifier mrnHash, String pseudonym) {

    /** The conditional reference to the registry Patient; the bundle turns it into the Patient entry's fullUrl. */
    Reference reference() {
        return new Reference(EhrSource.conditionalUrl("Patient", mrnHash));
    }

    /** Whether an EHR reference points at the subject's EHR Patient ({@code Patient/<id>}, maybe absolute). */
    boolean isReferencedBy(Reference reference) {
        if (reference == null || !reference.hasReference()) {
            return false;
        }
        IdType target = new IdType(reference.getReference());
        return "Patient".equals(target.getResourceType()) && ehrPatientId.equals(target.getIdPart());
    }
}
