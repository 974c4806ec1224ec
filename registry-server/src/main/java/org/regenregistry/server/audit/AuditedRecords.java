package org.regenregistry.server.audit;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeSearchParam;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IIdType;
import org.regenregistry.profiles.FhirIds;
import org.regenregistry.server.access.RecordLevel;
import org.springframework.stereotype.Component;

/**
 * The records that make up a subject or a trial, for their access history: a subject is its Patient and the
 * subject-level records of its <a href="https://hl7.org/fhir/R4/compartmentdefinition-patient.html">Patient
 * compartment</a>; a trial is its ResearchStudy, its subjects' enrolments, and the scores, procedures (the
 * administrations), plans and adverse events that name it. At most {@value #MAX} records: a wider one is refused (never cut short without
 * saying), and asked for by subject, record or period instead.
 */
@Component
class AuditedRecords {

    static final int MAX = 10_000;

    /** The types whose records name the trial they belong to, and the search parameter that finds them. */
    private static final Map<String, String> OF_TRIAL = Map.of(
            "ResearchSubject", "study",
            "AdverseEvent", "study",
            "Observation", "trial",
            "Procedure", "trial",
            "CarePlan", "trial");

    private final FhirContext fhir;
    private final DaoRegistry daos;

    AuditedRecords(FhirContext fhir, DaoRegistry daos) {
        this.fhir = fhir;
        this.daos = daos;
    }

    /** {@code Patient/id} and the subject-level records of its compartment, versionless. */
    Set<String> ofSubject(String patient) {
        Set<String> records = new LinkedHashSet<>(List.of(patient));
        for (String type : new TreeSet<>(daos.getRegisteredDaoTypes())) {
            if (type.equals("Patient") || RecordLevel.ofType(type) != RecordLevel.SUBJECT) {
                continue;
            }
            for (RuntimeSearchParam parameter :
                    fhir.getResourceDefinition(type).getSearchParamsForCompartmentName("Patient")) {
                add(records, type, parameter.getName(), patient);
            }
        }
        return records;
    }

    /** {@code ResearchStudy/id} and the records that name the trial, versionless. */
    Set<String> ofTrial(String study) {
        Set<String> records = new LinkedHashSet<>(List.of(study));
        new TreeSet<>(OF_TRIAL.keySet()).forEach(type -> add(records, type, OF_TRIAL.get(type), study));
        return records;
    }

    private void add(Set<String> records, String type, String parameter, String reference) {
        if (!daos.isResourceTypeSupported(type)) {
            return;
        }
        SearchParameterMap search = SearchParameterMap.newSynchronous(parameter, new ReferenceParam(reference));
        search.setLoadSynchronousUpTo(MAX + 1);
        IFhirResourceDao<?> dao = daos.getResourceDao(type);
        for (IIdType id : dao.searchForResourceIds(search, new SystemRequestDetails())) {
            records.add(type + "/" + id.getIdPart());
        }
        if (records.size() > MAX) {
            throw new IllegalArgumentException(
                    reference + " has more than " + MAX + " records; ask about one subject" + " or one record");
        }
    }

    /**
     * The records a question is about: one record ({@code entity}), a subject's ({@code subject=Patient/..}) or a
     * trial's ({@code trial=ResearchStudy/..}); {@code null} for any record.
     */
    Set<String> asked(String entity, String subject, String trial) {
        if (Stream.of(entity, subject, trial).filter(Objects::nonNull).count() > 1) {
            throw new IllegalArgumentException("Ask about one of entity, subject or trial");
        }
        if (entity != null) {
            return Set.of(entity);
        }
        if (subject != null) {
            return ofSubject(reference("subject", subject, "Patient"));
        }
        return trial == null ? null : ofTrial(reference("trial", trial, "ResearchStudy"));
    }

    private static String reference(String name, String value, String type) {
        if (!value.matches(type + "/" + FhirIds.ID)) {
            throw new IllegalArgumentException(name + " must be a reference such as " + type + "/123, not " + value);
        }
        return value;
    }
}
