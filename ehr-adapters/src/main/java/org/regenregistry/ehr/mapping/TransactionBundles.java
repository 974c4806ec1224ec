package org.regenregistry.ehr.mapping;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.util.FhirTerser;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Bundle.HTTPVerb;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ResourceType;

/**
 * Packs the mapped sources of a batch into transaction Bundles of bounded size
 * (<a href="https://hl7.org/fhir/R4/http.html#transaction">R4 transaction</a>): at most {@code maxEntries} entries
 * and {@code maxObservations} Observations each (registries such as CIBMTR take at most 50), Patients first. A source's
 * entries and their Provenance stay in one Bundle. Within a Bundle, a conditional reference to a resource written in
 * the same Bundle becomes that entry's {@code urn:uuid} fullUrl; across Bundles it stays conditional, so the Bundles
 * must be sent in order.
 *
 * <p>The same registry resource twice in a batch (a subject synced by polling and by Bulk Data) goes into two
 * Bundles, the later one winning, since a transaction may not name one resource twice.
 */
public final class TransactionBundles {

    public static final int DEFAULT_MAX_ENTRIES = 200;
    public static final int DEFAULT_MAX_OBSERVATIONS = 50;

    private static final List<String> ORDER =
            List.of("Patient", "ResearchSubject", "Condition", "Procedure", "Observation", "AdverseEvent");

    private final int maxEntries;
    private final int maxObservations;
    private final FhirTerser terser = FhirContext.forR4Cached().newTerser();

    /** Bundles of at most 200 entries and 50 Observations. */
    public TransactionBundles() {
        this(DEFAULT_MAX_ENTRIES, DEFAULT_MAX_OBSERVATIONS);
    }

    public TransactionBundles(int maxEntries, int maxObservations) {
        if (maxEntries < 1 || maxObservations < 1) {
            throw new IllegalArgumentException("A Bundle holds at least one entry and one Observation");
        }
        this.maxEntries = maxEntries;
        this.maxObservations = maxObservations;
    }

    /**
     * The transaction Bundles of a batch, in the order they must be sent. A source whose entries alone exceed the
     * bounds (never the case with the mapping's at most three) gets a Bundle of its own.
     */
    public List<Bundle> build(List<MappedSource> batch) {
        List<MappedSource> ordered = new ArrayList<>(batch);
        ordered.sort(Comparator.comparingInt(TransactionBundles::rank));
        List<Bundle> bundles = new ArrayList<>();
        Bundle current = null;
        Set<String> fullUrls = new HashSet<>();
        for (MappedSource source : ordered) {
            List<String> sourceUrls = source.entries().stream()
                    .map(BundleEntryComponent::getFullUrl)
                    .toList();
            if (current == null || !fits(current, source) || sourceUrls.stream().anyMatch(fullUrls::contains)) {
                current = new Bundle().setType(BundleType.TRANSACTION);
                bundles.add(current);
                fullUrls.clear();
            }
            source.entries().forEach(current::addEntry);
            fullUrls.addAll(sourceUrls);
        }
        return bundles.stream().map(this::withLocalReferences).toList();
    }

    private boolean fits(Bundle bundle, MappedSource source) {
        return bundle.getEntry().size() + source.entries().size() <= maxEntries
                && observations(bundle.getEntry()) + observations(source.entries()) <= maxObservations;
    }

    private static long observations(List<BundleEntryComponent> entries) {
        return entries.stream()
                .filter(entry -> entry.getResource().getResourceType() == ResourceType.Observation)
                .count();
    }

    /** A copy of the Bundle whose conditional references to its own entries point at their fullUrls. */
    private Bundle withLocalReferences(Bundle bundle) {
        Bundle copy = bundle.copy();
        Map<String, String> fullUrlsByMatchUrl = new HashMap<>();
        for (BundleEntryComponent entry : copy.getEntry()) {
            if (entry.getRequest().getMethod() == HTTPVerb.PUT) {
                fullUrlsByMatchUrl.put(entry.getRequest().getUrl(), entry.getFullUrl());
            }
        }
        for (BundleEntryComponent entry : copy.getEntry()) {
            for (Reference reference :
                    terser.getAllPopulatedChildElementsOfType(entry.getResource(), Reference.class)) {
                String fullUrl = fullUrlsByMatchUrl.get(reference.getReference());
                if (fullUrl != null) {
                    reference.setReference(fullUrl);
                }
            }
        }
        return copy;
    }

    private static int rank(MappedSource source) {
        int rank = ORDER.indexOf(source.primary().getResource().fhirType());
        return rank < 0 ? ORDER.size() : rank;
    }
}
