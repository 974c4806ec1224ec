package org.regenregistry.server.ehr;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ResearchStudy;
import org.hl7.fhir.r4.model.ResearchSubject;
import org.springframework.stereotype.Component;

/** Reads the registry's enrolments in a trial, with their Patients, for pushing them back to an EHR. */
@Component
class RegistryEnrolments {

    private final DaoRegistry daos;

    RegistryEnrolments(DaoRegistry daos) {
        this.daos = daos;
    }

    /** The registry trial as stored now. */
    ResearchStudy trial(String trialId) {
        return (ResearchStudy) daos.getResourceDao(ResearchStudy.class)
                .read(new IdType("ResearchStudy", trialId), new SystemRequestDetails());
    }

    /** The trial's ResearchSubjects written at or after {@code since} (all of them when it is null). */
    List<Enrolled> changedSince(String trialId, Instant since) {
        SearchParameterMap search = synchronous();
        search.add(ResearchSubject.SP_STUDY, new ReferenceParam("ResearchStudy/" + trialId));
        if (since != null) {
            search.setLastUpdated(new DateRangeParam(Date.from(since), null));
        }
        List<ResearchSubject> subjects = all(ResearchSubject.class, search);
        if (subjects.isEmpty()) {
            return List.of();
        }
        TokenOrListParam ids = new TokenOrListParam();
        subjects.stream()
                .map(RegistryEnrolments::patientOf)
                .filter(reference -> reference.startsWith("Patient/"))
                .distinct()
                .forEach(reference -> ids.addOr(new TokenParam(reference.substring("Patient/".length()))));
        SearchParameterMap patientSearch = synchronous();
        patientSearch.add("_id", ids);
        Map<String, Patient> patients = new HashMap<>();
        all(Patient.class, patientSearch)
                .forEach(patient ->
                        patients.put("Patient/" + patient.getIdElement().getIdPart(), patient));
        return subjects.stream()
                .filter(subject -> patients.containsKey(patientOf(subject)))
                .map(subject -> new Enrolled(subject, patients.get(patientOf(subject))))
                .toList();
    }

    /** {@code Patient/<id>} of the subject's individual, without base or version. */
    private static String patientOf(ResearchSubject subject) {
        IIdType reference = subject.getIndividual().getReferenceElement();
        return reference.getResourceType() + "/" + reference.getIdPart();
    }

    private static SearchParameterMap synchronous() {
        SearchParameterMap search = SearchParameterMap.newSynchronous();
        search.setLoadSynchronousUpTo(Integer.MAX_VALUE);
        return search;
    }

    private <T extends IBaseResource> List<T> all(Class<T> type, SearchParameterMap search) {
        IBundleProvider results = daos.getResourceDao(type).search(search, new SystemRequestDetails());
        Integer size = results.size();
        return results.getResources(0, size == null ? Integer.MAX_VALUE : size).stream()
                .map(type::cast)
                .toList();
    }

    /** A registry ResearchSubject and its Patient. */
    record Enrolled(ResearchSubject subject, Patient patient) {}
}
