package org.regenregistry.server.indexing;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AdverseEvent;
import org.hl7.fhir.r4.model.BiologicallyDerivedProduct;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ResearchStudy;
import org.hl7.fhir.r4.model.ResearchSubject;
import org.hl7.fhir.r4.model.Resource;
import org.regenregistry.profiles.RegistryPackage;
import org.regenregistry.search.trial.TrialRecord;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads trials and what their search documents are built from out of the registry's FHIR store, through HAPI's DAOs,
 * a batch at a time in a handful of queries (the trial ids of a rebuild come from HAPI's resource table).
 */
@Component
class TrialRecords {

    static final String PRODUCT_EXTENSION = RegistryPackage.STRUCTURE_DEFINITIONS + "investigational-product";
    static final String SERIOUS = "Serious";

    /**
     * The stored (not deleted) trials in storage order, from HAPI's resource table: HAPI's own searches stop at a fixed
     * number of results, and a trial created meanwhile sorts last, so it never shifts a page (it reaches a rebuild
     * through the dispatcher).
     */
    private static final String STORED_TRIALS = "SELECT FHIR_ID FROM HFJ_RESOURCE"
            + " WHERE RES_TYPE = 'ResearchStudy' AND RES_DELETED_AT IS NULL ORDER BY RES_ID";

    private static final String STORED_VERSIONS = "SELECT FHIR_ID, RES_VER FROM HFJ_RESOURCE"
            + " WHERE RES_TYPE = 'ResearchStudy' AND RES_DELETED_AT IS NULL";

    private final DaoRegistry daos;
    private final JdbcTemplate jdbc;

    TrialRecords(DaoRegistry daos, DataSource dataSource) {
        this.daos = daos;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /**
     * The trials as stored now, each at its given revision, in a handful of queries whatever their number; a trial
     * that is deleted or never existed is absent from the answer.
     */
    Map<String, TrialRecord> read(Map<String, Long> revisions) {
        TokenOrListParam ids = new TokenOrListParam();
        revisions.keySet().forEach(id -> ids.addOr(new TokenParam(id)));
        SearchParameterMap search = SearchParameterMap.newSynchronous();
        search.add("_id", ids);
        List<ResearchStudy> studies = all(dao(ResearchStudy.class).search(search, request())).stream()
                .map(ResearchStudy.class::cast)
                .toList();
        Map<String, TrialRecord.Counts> counts =
                counts(studies.stream().map(ResearchStudy::getIdPart).toList());
        Map<String, Resource> referenced = new HashMap<>();
        Map<String, TrialRecord> records = new HashMap<>();
        studies.forEach(study ->
                records.put(study.getIdPart(), record(study, revisions.get(study.getIdPart()), referenced, counts)));
        return records;
    }

    /**
     * Hands every stored trial to {@code page}, {@code pageSize} at a time.
     *
     * @param revisions each trial's outbox revision, read before this call
     */
    void readAll(Map<String, Long> revisions, int pageSize, Consumer<List<TrialRecord>> page) {
        List<String> ids = jdbc.queryForList(STORED_TRIALS, String.class);
        for (int from = 0; from < ids.size(); from += pageSize) {
            Map<String, Long> batch = new LinkedHashMap<>();
            ids.subList(from, Math.min(from + pageSize, ids.size()))
                    .forEach(id -> batch.put(id, revisions.getOrDefault(id, 0L)));
            page.accept(List.copyOf(read(batch).values()));
        }
    }

    /** How many trials are stored (deleted ones not counted). */
    long count() {
        Long count = jdbc.queryForObject(
                "SELECT COUNT(*) FROM HFJ_RESOURCE WHERE RES_TYPE = 'ResearchStudy' AND RES_DELETED_AT IS NULL",
                Long.class);
        return count == null ? 0 : count;
    }

    /** Every stored trial's id and current version, for the consistency check. */
    Map<String, Long> versions() {
        Map<String, Long> versions = new HashMap<>();
        jdbc.query(STORED_VERSIONS, row -> {
            versions.put(row.getString(1), row.getLong(2));
        });
        return versions;
    }

    private TrialRecord record(
            ResearchStudy study,
            long revision,
            Map<String, Resource> referenced,
            Map<String, TrialRecord.Counts> counts) {
        return new TrialRecord(
                revision,
                study,
                resolve(study.getEnrollment().stream().findFirst().orElse(null), Group.class, referenced),
                study.getSite().stream()
                        .map(site -> resolve(site, Location.class, referenced))
                        .filter(Objects::nonNull)
                        .toList(),
                resolve(study.getSponsor(), Organization.class, referenced),
                study.getExtensionsByUrl(PRODUCT_EXTENSION).stream()
                        .map(Extension::getValue)
                        .filter(Reference.class::isInstance)
                        .map(product -> resolve((Reference) product, BiologicallyDerivedProduct.class, referenced))
                        .filter(Objects::nonNull)
                        .toList(),
                counts.getOrDefault(study.getIdPart(), new TrialRecord.Counts(0, 0, 0, 0)));
    }

    /** A referenced resource of the expected type, read once per map; {@code null} when absent. */
    private <T extends Resource> T resolve(Reference reference, Class<T> type, Map<String, Resource> referenced) {
        if (reference == null || !reference.hasReference()) {
            return null;
        }
        IdType id = new IdType(reference.getReference()).toUnqualifiedVersionless();
        if (!type.getSimpleName().equals(id.getResourceType())) {
            return null;
        }
        Resource resource = referenced.computeIfAbsent(id.getValue(), key -> {
            try {
                return (Resource) dao(type).read(id, request());
            } catch (ResourceGoneException | ResourceNotFoundException e) {
                return null;
            }
        });
        return type.cast(resource);
    }

    /** Subjects, adverse events (serious ones apart) and outcome observations of each trial. */
    private Map<String, TrialRecord.Counts> counts(Collection<String> trialIds) {
        Map<String, Integer> subjects = perTrial(ResearchSubject.class, "study", trialIds, subject -> true);
        Map<String, Integer> events = perTrial(AdverseEvent.class, "study", trialIds, event -> true);
        Map<String, Integer> serious = perTrial(AdverseEvent.class, "study", trialIds, event -> ((AdverseEvent) event)
                .getSeriousness().getCoding().stream().map(Coding::getCode).anyMatch(SERIOUS::equals));
        Map<String, Integer> outcomes = perTrial(Observation.class, "trial", trialIds, observation -> true);
        Map<String, TrialRecord.Counts> counts = new HashMap<>();
        for (String id : trialIds) {
            counts.put(
                    id,
                    new TrialRecord.Counts(
                            subjects.getOrDefault(id, 0),
                            events.getOrDefault(id, 0),
                            serious.getOrDefault(id, 0),
                            outcomes.getOrDefault(id, 0)));
        }
        return counts;
    }

    private Map<String, Integer> perTrial(
            Class<? extends Resource> type, String parameter, Collection<String> trialIds, Predicate<Resource> which) {
        ReferenceOrListParam studies = new ReferenceOrListParam();
        trialIds.forEach(id -> studies.addOr(new ReferenceParam("ResearchStudy/" + id)));
        SearchParameterMap search = SearchParameterMap.newSynchronous();
        search.setLoadSynchronousUpTo(Integer.MAX_VALUE);
        search.add(parameter, studies);
        Map<String, Integer> counts = new HashMap<>();
        for (IBaseResource found : all(dao(type).search(search, request()))) {
            Resource resource = (Resource) found;
            if (!which.test(resource)) {
                continue;
            }
            TrialLinks.studiesNamedBy(resource).stream()
                    .filter(trialIds::contains)
                    .forEach(id -> counts.merge(id, 1, Integer::sum));
        }
        return counts;
    }

    /**
     * Every result of a search. HAPI may answer even a search asked to be synchronous with a paged result (for large
     * {@code _id} lists), which refuses {@code getAllResources()}; reading the whole range works for both.
     */
    private static List<IBaseResource> all(IBundleProvider results) {
        Integer size = results.size();
        return results.getResources(0, size == null ? Integer.MAX_VALUE : size);
    }

    @SuppressWarnings("unchecked")
    private <T extends IBaseResource> IFhirResourceDao<T> dao(Class<T> type) {
        return daos.getResourceDao(type);
    }

    /** A system request that never reuses a cached search: a rebuild must see every trial stored until now. */
    private static SystemRequestDetails request() {
        SystemRequestDetails request = new SystemRequestDetails();
        request.addHeader(Constants.HEADER_CACHE_CONTROL, Constants.CACHE_CONTROL_NO_CACHE);
        return request;
    }
}
