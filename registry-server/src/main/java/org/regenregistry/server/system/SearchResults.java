package org.regenregistry.server.system;

import ca.uhn.fhir.rest.api.server.IBundleProvider;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** Reading the results of a search made through HAPI's DAOs. */
public final class SearchResults {

    private SearchResults() {}

    /**
     * Every result of a search. HAPI may answer even a search asked to be synchronous with a paged result (for large
     * {@code _id} lists), which refuses {@code getAllResources()}; reading the whole range works for both.
     */
    public static List<IBaseResource> all(IBundleProvider results) {
        Integer size = results.size();
        return results.getResources(0, size == null ? Integer.MAX_VALUE : size);
    }
}
