package org.regenregistry.server.indexing;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.SearchTotalModeEnum;
import ca.uhn.fhir.rest.api.SummaryEnum;
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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;
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
import org.springframework.stereotype.Component;

/**
 * Reads a trial and what its search document is built from out of the registry's FHIR store, through HAPI's DAOs:
 * one trial for the dispatcher, or every trial page by page for a rebuild (referenced resources read once per
 * rebuild, counts gathered per page).
 */
@Component
class TrialRecords {

    static final String PRODUCT_EXTENSION = RegistryPackage.STRUCTURE_DEFINITIONS + "investigational-product";
    static final String SERIOUS = "Serious";

    private final DaoRegistry daos;

    TrialRecords(DaoRegistry daos) {
        this.daos = daos;
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
        Map<String, Resource> referenced = new HashMap<>();
        studies(pageSize, batch -> {
            Map<String, TrialRecord.Counts> counts =
                    counts(batch.stream().map(ResearchStudy::getIdPart).toList());
            page.accept(batch.stream()
                    .map(study -> record(study, revisions.getOrDefault(study.getIdPart(), 0L), referenced, counts))
                    .toList());
        });
    }

    /** How many trials are stored (deleted ones not counted). */
    long count() {
        SearchParameterMap all = new SearchParameterMap();
        all.setSearchTotalMode(SearchTotalModeEnum.ACCURATE);
        all.setSummaryMode(SummaryEnum.COUNT);
        all.setLoadSynchronous(true);
        Integer size = dao(ResearchStudy.class).search(all, request()).size();
        return size == null ? 0 : size;
    }

    /** Every stored trial's id and version, for the consistency check. */
    Map<String, Long> versions() {
        Map<String, Long> versions = new HashMap<>();
        studies(
                1000,
                batch -> batch.forEach(study ->
                        versions.put(study.getIdPart(), study.getIdElement().getVersionIdPartAsLong())));
        return versions;
    }

    private void studies(int pageSize, Consumer<List<ResearchStudy>> page) {
        IBundleProvider studies = dao(ResearchStudy.class).search(new SearchParameterMap(), request());
        for (int from = 0; ; from += pageSize) {
            List<ResearchStudy> batch = studies.getResources(from, from + pageSize).stream()
                    .map(ResearchStudy.class::cast)
                    .toList();
            if (batch.isEmpty()) {
                return;
            }
            page.accept(batch);
        }
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
