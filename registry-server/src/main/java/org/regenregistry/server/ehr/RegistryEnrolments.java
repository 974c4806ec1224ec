package org.regenregistry.server.ehr;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
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
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ResearchStudy;
import org.hl7.fhir.r4.model.ResearchSubject;
import org.regenregistry.server.system.SearchResults;
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
                .flatMap(subject -> SiteSync.idOf(subject.getIndividual(), "Patient").stream())
                .distinct()
                .forEach(id -> ids.addOr(new TokenParam(id)));
        SearchParameterMap patientSearch = synchronous();
        patientSearch.add("_id", ids);
        Map<String, Patient> patients = new HashMap<>();
        all(Patient.class, patientSearch)
                .forEach(patient -> patients.put(patient.getIdElement().getIdPart(), patient));
        return subjects.stream()
                .flatMap(subject -> SiteSync.idOf(subject.getIndividual(), "Patient").map(patients::get).stream()
                        .map(patient -> new Enrolled(subject, patient)))
                .toList();
    }

    private static SearchParameterMap synchronous() {
        SearchParameterMap search = SearchParameterMap.newSynchronous();
        search.setLoadSynchronousUpTo(Integer.MAX_VALUE);
        return search;
    }

    private <T extends IBaseResource> List<T> all(Class<T> type, SearchParameterMap search) {
        return SearchResults.all(daos.getResourceDao(type).search(search, new SystemRequestDetails())).stream()
                .map(type::cast)
                .toList();
    }

    /** A registry ResearchSubject and its Patient. */
    record Enrolled(ResearchSubject subject, Patient patient) {}
}
