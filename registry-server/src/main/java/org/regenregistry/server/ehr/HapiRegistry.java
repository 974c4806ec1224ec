package org.regenregistry.server.ehr;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ResearchStudy;
import org.hl7.fhir.r4.model.ResearchSubject;
import org.regenregistry.ehr.sync.Registry;
import org.regenregistry.server.system.SearchResults;
import org.springframework.stereotype.Component;

/**
 * The registry as EHR sync sees it, through HAPI's DAOs: mapped EHR resources arrive as FHIR transactions, so profile
 * enforcement, the search-index outbox and subscriptions see them like any other write; the enrolments pushed back
 * are read by search.
 */
@Component
class HapiRegistry implements Registry {

    private final IFhirSystemDao<Bundle, Meta> system;
    private final DaoRegistry daos;

    HapiRegistry(IFhirSystemDao<Bundle, Meta> system, DaoRegistry daos) {
        this.system = system;
        this.daos = daos;
    }

    @Override
    public Bundle transaction(Bundle transaction) throws Refused {
        try {
            return system.transaction(new SystemRequestDetails(), transaction);
        } catch (BaseServerResponseException refused) {
            throw new Refused(reason(refused));
        }
    }

    @Override
    public ResearchStudy trial(String trialId) {
        return (ResearchStudy) daos.getResourceDao(ResearchStudy.class)
                .read(new IdType("ResearchStudy", trialId), new SystemRequestDetails());
    }

    @Override
    public List<Enrolled> enrolmentsChangedSince(String trialId, Instant since) {
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
                .flatMap(subject -> patientOf(subject).stream())
                .distinct()
                .forEach(id -> ids.addOr(new TokenParam(id)));
        SearchParameterMap patientSearch = synchronous();
        patientSearch.add("_id", ids);
        Map<String, Patient> patients = new HashMap<>();
        all(Patient.class, patientSearch)
                .forEach(patient -> patients.put(patient.getIdElement().getIdPart(), patient));
        return subjects.stream()
                .flatMap(subject ->
                        patientOf(subject).map(patients::get).stream().map(patient -> new Enrolled(subject, patient)))
                .toList();
    }

    private static Optional<String> patientOf(ResearchSubject subject) {
        Reference individual = subject.getIndividual();
        return "Patient".equals(individual.getReferenceElement().getResourceType())
                ? Optional.of(individual.getReferenceElement().getIdPart())
                : Optional.empty();
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

    private static String reason(BaseServerResponseException refused) {
        if (refused.getOperationOutcome() instanceof OperationOutcome outcome && outcome.hasIssue()) {
            return refused.getStatusCode() + ": "
                    + outcome.getIssue().stream()
                            .map(issue -> issue.getDiagnostics())
                            .reduce((a, b) -> a + "; " + b)
                            .orElse(refused.getMessage());
        }
        return refused.getStatusCode() + ": " + refused.getMessage();
    }
}
