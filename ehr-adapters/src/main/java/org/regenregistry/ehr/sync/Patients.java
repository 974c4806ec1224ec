package org.regenregistry.ehr.sync;

import java.util.Optional;
import org.hl7.fhir.r4.model.AdverseEvent;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ResearchSubject;
import org.hl7.fhir.r4.model.Resource;

/** Which patient an EHR or registry resource is about. */
final class Patients {

    private Patients() {}

    /** The id of the EHR patient a resource is about, if it is one the registry reads. */
    static Optional<String> of(Resource resource) {
        if (resource instanceof Patient patient) {
            return Optional.of(patient.getIdElement().getIdPart());
        }
        if (resource instanceof ResearchSubject subject) {
            return idOf(subject.getIndividual(), "Patient");
        }
        if (resource instanceof Condition condition) {
            return idOf(condition.getSubject(), "Patient");
        }
        if (resource instanceof Procedure procedure) {
            return idOf(procedure.getSubject(), "Patient");
        }
        if (resource instanceof Observation observation) {
            return idOf(observation.getSubject(), "Patient");
        }
        if (resource instanceof AdverseEvent event) {
            return idOf(event.getSubject(), "Patient");
        }
        return Optional.empty();
    }

    /** The id a reference names, when it names a resource of the type. */
    static Optional<String> idOf(Reference reference, String type) {
        if (reference == null || !reference.hasReferenceElement()) {
            return Optional.empty();
        }
        var id = reference.getReferenceElement();
        return type.equals(id.getResourceType()) ? Optional.of(id.getIdPart()) : Optional.empty();
    }
}
