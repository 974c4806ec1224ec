package org.regenregistry.server.indexing;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenOrListParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javax.sql.DataSource;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AdverseEvent;
import org.hl7.fhir.r4.model.BiologicallyDerivedProduct;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DeviceDefinition;
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
import org.regenregistry.profiles.RegistryExtensions;
import org.regenregistry.search.trial.TrialRecord;
import org.regenregistry.server.system.SearchResults;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads trials and what their search documents are built from out of the registry's FHIR store: the dispatcher's few
 * trials through HAPI's DAOs, a batch at a time in a handful of queries; a rebuild's every trial straight from HAPI's
 * resource tables (see {@link #readAll}).
 */
@Component
class TrialRecords {

    static final String PRODUCT_EXTENSION = RegistryExtensions.INVESTIGATIONAL_PRODUCT;
    static final String SERIOUS = "Serious";

    /**
     * The stored (not deleted) trials at their current version, in storage order: HAPI's own searches stop at a fixed
     * number of results, and a trial created meanwhile sorts last, so it never shifts a page (it reaches a rebuild
     * through the dispatcher).
     */
    private static final String STORED_TRIALS = "SELECT RES_ID, FHIR_ID, RES_VER, RES_UPDATED FROM HFJ_RESOURCE"
            + " WHERE RES_TYPE = 'ResearchStudy' AND RES_DELETED_AT IS NULL ORDER BY RES_ID";

    /** The stored text of a page of trials, every version (a trial has few): the current one is picked out here. */
    private static final String STORED_TEXTS =
            "SELECT RES_ID, RES_VER, RES_ENCODING, RES_TEXT_VC FROM HFJ_RES_VER WHERE RES_ID IN (%s)";

    /** The trials that any subject, adverse event or observation refers to: every other trial counts zero of each. */
    private static final String REFERRED_TRIALS = "SELECT DISTINCT t.FHIR_ID FROM HFJ_RES_LINK l"
            + " JOIN HFJ_RESOURCE t ON t.RES_ID = l.TARGET_RESOURCE_ID"
            + " WHERE l.TARGET_RESOURCE_TYPE = 'ResearchStudy'"
            + " AND l.SOURCE_RESOURCE_TYPE IN ('ResearchSubject', 'AdverseEvent', 'Observation')";

    private static final String STORED_VERSIONS = "SELECT FHIR_ID, RES_VER FROM HFJ_RESOURCE"
            + " WHERE RES_TYPE = 'ResearchStudy' AND RES_DELETED_AT IS NULL";

    /** HAPI's uncompressed JSON encoding, kept in {@code RES_TEXT_VC}; any other storage is read through the DAO. */
    private static final String INLINE_JSON = "JSON";

    private final DaoRegistry daos;
    private final JdbcTemplate jdbc;
    private final FhirContext fhirContext;

    TrialRecords(DaoRegistry daos, DataSource dataSource, FhirContext fhirContext) {
        this.daos = daos;
        this.jdbc = new JdbcTemplate(dataSource);
        this.fhirContext = fhirContext;
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
        List<ResearchStudy> studies = SearchResults.all(dao(ResearchStudy.class).search(search, request())).stream()
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
     * Hands every stored trial to {@code page}, {@code pageSize} at a time. A rebuild reads every trial, and HAPI's
     * DAOs (a search per page, their resource loading) made it read ten times slower than Elasticsearch writes; so the
     * trials come from HAPI's resource and version tables and are parsed here, sites, sponsors, eligibility groups,
     * products and devices are read once for the whole rebuild, and subjects, adverse events and outcomes are counted only for the
     * trials that something refers to.
     *
     * @param revisions each trial's outbox revision, read before this call
     */
    void readAll(Map<String, Long> revisions, int pageSize, Consumer<List<TrialRecord>> page) {
        Set<String> referred = new HashSet<>(jdbc.queryForList(REFERRED_TRIALS, String.class));
        List<StoredTrial> stored = jdbc.query(STORED_TRIALS, TrialRecords::storedTrial);
        Map<String, Resource> referenced = new HashMap<>();
        IParser parser = fhirContext.newJsonParser();
        for (int from = 0; from < stored.size(); from += pageSize) {
            List<StoredTrial> batch = stored.subList(from, Math.min(from + pageSize, stored.size()));
            Map<Long, StoredText> texts = texts(batch);
            List<ResearchStudy> studies = batch.stream()
                    .map(trial -> study(trial, texts.get(trial.rowId()), parser))
                    .toList();
            Map<String, TrialRecord.Counts> counts = counts(studies.stream()
                    .map(ResearchStudy::getIdPart)
                    .filter(referred::contains)
                    .toList());
            page.accept(studies.stream()
                    .map(study -> record(study, revisions.getOrDefault(study.getIdPart(), 0L), referenced, counts))
                    .toList());
        }
    }

    /** How many trials are stored (deleted ones not counted). */
    long count() {
        Long count = jdbc.queryForObject(
                "SELECT COUNT(*) FROM HFJ_RESOURCE WHERE RES_TYPE = 'ResearchStudy' AND RES_DELETED_AT IS NULL",
                Long.class);
        return count == null ? 0 : count;
    }

    /**
     * A stored trial as HAPI would read it: the stored text does not carry the id and version, which HAPI keeps in its
     * resource table.
     */
    private ResearchStudy study(StoredTrial stored, StoredText text, IParser parser) {
        IdType id = new IdType("ResearchStudy", stored.id(), String.valueOf(stored.version()));
        if (text == null || !INLINE_JSON.equals(text.encoding()) || text.text() == null) {
            return (ResearchStudy) dao(ResearchStudy.class).read(id, request());
        }
        ResearchStudy study = parser.parseResource(ResearchStudy.class, text.text());
        study.setId(id);
        study.getMeta().setVersionId(id.getVersionIdPart()).setLastUpdated(stored.updated());
        return study;
    }

    /** The current version's stored text of each trial of the batch, by row id. */
    private Map<Long, StoredText> texts(List<StoredTrial> batch) {
        Map<Long, Long> versions = new HashMap<>();
        batch.forEach(trial -> versions.put(trial.rowId(), trial.version()));
        Map<Long, StoredText> texts = new HashMap<>();
        jdbc.query(
                String.format(STORED_TEXTS, String.join(",", Collections.nCopies(batch.size(), "?"))),
                row -> {
                    long rowId = row.getLong("RES_ID");
                    if (versions.get(rowId) == row.getLong("RES_VER")) {
                        texts.put(rowId, new StoredText(row.getString("RES_ENCODING"), row.getString("RES_TEXT_VC")));
                    }
                },
                batch.stream().map(StoredTrial::rowId).toArray());
        return texts;
    }

    private static StoredTrial storedTrial(ResultSet row, int number) throws SQLException {
        return new StoredTrial(
                row.getLong("RES_ID"),
                row.getString("FHIR_ID"),
                row.getLong("RES_VER"),
                row.getTimestamp("RES_UPDATED"));
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
                products(study, BiologicallyDerivedProduct.class, referenced),
                products(study, DeviceDefinition.class, referenced),
                counts.getOrDefault(study.getIdPart(), new TrialRecord.Counts(0, 0, 0, 0)));
    }

    /** The trial's investigational products of one type: biological products, or neuromodulation devices. */
    private <T extends Resource> List<T> products(
            ResearchStudy study, Class<T> type, Map<String, Resource> referenced) {
        return study.getExtensionsByUrl(PRODUCT_EXTENSION).stream()
                .map(Extension::getValue)
                .filter(Reference.class::isInstance)
                .map(product -> resolve((Reference) product, type, referenced))
                .filter(Objects::nonNull)
                .toList();
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
        if (trialIds.isEmpty()) {
            return Map.of();
        }
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
        for (IBaseResource found : SearchResults.all(dao(type).search(search, request()))) {
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

    @SuppressWarnings("unchecked")
    private <T extends IBaseResource> IFhirResourceDao<T> dao(Class<T> type) {
        return daos.getResourceDao(type);
    }

    private record StoredTrial(long rowId, String id, long version, Date updated) {}

    private record StoredText(String encoding, String text) {}

    /** A system request that never reuses a cached search: a rebuild must see every trial stored until now. */
    private static SystemRequestDetails request() {
        SystemRequestDetails request = new SystemRequestDetails();
        request.addHeader(Constants.HEADER_CACHE_CONTROL, Constants.CACHE_CONTROL_NO_CACHE);
        return request;
    }
}
