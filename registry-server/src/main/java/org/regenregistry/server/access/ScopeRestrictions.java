package org.regenregistry.server.access;

import ca.uhn.fhir.jpa.searchparam.matcher.InMemoryMatchResult;
import ca.uhn.fhir.jpa.searchparam.matcher.SearchParamMatcher;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.util.Map;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.stereotype.Component;

/**
 * A SMART scope's {@code ?param=value} restrictions (<a
 * href="https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html#finer-grained-resource-constraints-using-search-parameters">finer-grained
 * constraints</a>) evaluated on a record with HAPI's in-memory search matcher, the one subscriptions use, so a
 * restriction means what the same search would. A restriction it cannot evaluate in memory (a chain, {@code _has})
 * does not hold: the scope then grants nothing rather than everything.
 */
@Component
class ScopeRestrictions implements AccessPolicy.Restrictions {

    private final SearchParamMatcher matcher;

    ScopeRestrictions(SearchParamMatcher matcher) {
        this.matcher = matcher;
    }

    @Override
    public boolean hold(IBaseResource resource, Map<String, String> restrictions) {
        InMemoryMatchResult result =
                matcher.match(resource.fhirType() + "?" + query(restrictions), resource, new SystemRequestDetails());
        return result.supported() && result.matched();
    }

    /** A scope's restrictions as the search query they stand for. */
    static String query(Map<String, String> restrictions) {
        return restrictions.entrySet().stream()
                .map(restriction -> restriction.getKey() + "=" + restriction.getValue())
                .collect(Collectors.joining("&"));
    }
}
