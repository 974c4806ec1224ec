package org.regenregistry.ehr.sync;

import ca.uhn.fhir.model.api.StorageResponseCodeEnum;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.regenregistry.ehr.mapping.MappedSource;
import org.regenregistry.ehr.mapping.TransactionBundles;

/**
 * Writes mapped EHR resources into the registry as FHIR transactions. A transaction the registry refuses is retried
 * source by source, so one refused resource fails alone and the rest arrive.
 */
final class RegistryWrites {

    private final Registry registry;
    private final TransactionBundles bundles = new TransactionBundles();

    RegistryWrites(Registry registry) {
        this.registry = registry;
    }

    /** Writes the batch: Patients first (the other resources refer to them conditionally). */
    Written write(List<MappedSource> batch) {
        Written written = new Written();
        for (Bundle transaction : bundles.build(batch)) {
            try {
                written.add(transaction, registry.transaction(transaction), primaries(batch));
            } catch (Registry.Refused refused) {
                List<MappedSource> sources = sourcesIn(transaction, batch);
                if (sources.size() == 1) {
                    written.failures.add(SyncIssue.failed(sources.get(0).source(), refused.getMessage()));
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
