package org.regenregistry.ehr.mapping;

import java.util.List;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;

/**
 * What one EHR resource became: the transaction entries of the registry resources mapped from it, each a conditional
 * update ({@code PUT <Type>?identifier=...}), and last the conditional create of their Provenance. The entries belong
 * in one transaction together, since the Provenance targets the others' {@code fullUrl}s
 * (<a href="https://hl7.org/fhir/R4/http.html#trules">R4 transaction rules</a>).
 *
 * @param source the EHR resource, {@code <Type>/<id>}
 */
public record MappedSource(String source, List<BundleEntryComponent> entries) {

    public MappedSource {
        entries = List.copyOf(entries);
    }

    /** The registry resource mapped first from the source, e.g. the Patient of a Patient. */
    public BundleEntryComponent primary() {
        return entries.get(0);
    }

    /** The conditional create of the Provenance of this source version. */
    public BundleEntryComponent provenance() {
        return entries.get(entries.size() - 1);
    }
}
