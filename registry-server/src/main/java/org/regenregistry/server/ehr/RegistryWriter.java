package org.regenregistry.server.ehr;

import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.model.api.StorageResponseCodeEnum;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.regenregistry.ehr.mapping.MappedSource;
import org.regenregistry.ehr.mapping.TransactionBundles;
import org.springframework.stereotype.Component;

/**
 * Writes mapped EHR resources into the registry as FHIR transactions through HAPI's system DAO, so profile
 * enforcement, the search-index outbox and subscriptions see them like any other write. A transaction the registry
 * refuses is retried source by source, so one refused resource fails alone and the rest arrive.
 */
@Component
class RegistryWriter {

    private final IFhirSystemDao<Bundle, Meta> system;
    private final TransactionBundles bundles = new TransactionBundles();

    RegistryWriter(IFhirSystemDao<Bundle, Meta> system) {
        this.system = system;
    }

    /**
     * Writes the batch: Patients first (the other resources refer to them conditionally).
     *
     */
    Written write(List<MappedSource> batch) {
        Written written = new Written();
        for (Bundle transaction : bundles.build(batch)) {
            try {
                written.add(transaction, system.transaction(new SystemRequestDetails(), transaction), primaries(batch));
            } catch (BaseServerResponseException refused) {
                List<MappedSource> sources = sourcesIn(transaction, batch);
                if (sources.size() == 1) {
                    written.failed(sources.get(0), reason(refused));
                } else {
                    sources.forEach(source -> written.merge(write(List.of(source))));
                }
            }
        }
        return written;
    }

    private static Map<String, MappedSource> primaries(List<MappedSource> batch) {
        Map<String, MappedSource> byFullUrl = new HashMap<>();
        batch.forEach(source -> byFullUrl.put(source.primary().getFullUrl(), source));
        return byFullUrl;
    }

    /** The sources whose entries a transaction holds (a Bundle holds every entry of a source). */
    private static List<MappedSource> sourcesIn(Bundle transaction, List<MappedSource> batch) {
        Map<String, MappedSource> byFullUrl = primaries(batch);
        List<MappedSource> sources = new ArrayList<>();
        for (BundleEntryComponent entry : transaction.getEntry()) {
            MappedSource source = byFullUrl.get(entry.getFullUrl());
            if (source != null) {
                sources.add(source);
            }
        }
        return sources;
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

    /** What a write did, per source resource. */
    static final class Written {

        private long created;
        private long updated;
        private long unchanged;
        private final List<SyncIssue> failures = new ArrayList<>();

        /** Counts each source by its main resource's answer: the response entries follow the request's order. */
        private void add(Bundle transaction, Bundle response, Map<String, MappedSource> primaries) {
            for (int i = 0;
                    i < transaction.getEntry().size() && i < response.getEntry().size();
                    i++) {
                if (!primaries.containsKey(transaction.getEntry().get(i).getFullUrl())) {
                    continue;
                }
                Bundle.BundleEntryResponseComponent answer =
                        response.getEntry().get(i).getResponse();
                if (answer.getStatus().startsWith("201")) {
                    created++;
                } else if (unchanged(answer)) {
                    unchanged++;
                } else {
                    updated++;
                }
            }
        }

        /** HAPI reports an update that changed nothing (and kept the version) in the entry's outcome. */
        private static boolean unchanged(Bundle.BundleEntryResponseComponent answer) {
            return answer.getOutcome() instanceof OperationOutcome outcome
                    && outcome.getIssue().stream()
                            .flatMap(issue -> issue.getDetails().getCoding().stream())
                            .anyMatch(coding -> StorageResponseCodeEnum.SYSTEM.equals(coding.getSystem())
                                    && coding.getCode().endsWith("_NO_CHANGE"));
        }

        private void failed(MappedSource source, String reason) {
            failures.add(new SyncIssue(SyncIssue.Outcome.FAILED, source.source(), reason));
        }

        private void merge(Written other) {
            created += other.created;
            updated += other.updated;
            unchanged += other.unchanged;
            failures.addAll(other.failures);
        }

        long created() {
            return created;
        }

        long updated() {
            return updated;
        }

        long unchanged() {
            return unchanged;
        }

        List<SyncIssue> failures() {
            return failures;
        }
    }
}
