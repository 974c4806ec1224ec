package org.regenregistry.server.access;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.regenregistry.server.system.RequestInterceptor;
import org.springframework.stereotype.Component;

/**
 * Narrows a site's searches of subject-level types to its own records by adding {@code _security} with its site
 * label (repeated parameters are ANDed, so the client's own criteria still apply). The read rules would refuse
 * another site's record in the results anyway; narrowing makes the search find only the site's records, so that
 * counts ({@code total}, {@code _summary=count}) and pages speak of them alone. HAPI's {@code
 * SearchNarrowingInterceptor} cannot add such a parameter. A site's conditional delete is narrowed the same way: HAPI
 * finds what it deletes with a search of its own, which no read rule sees ({@link SiteMatchNarrowingInterceptor}
 * does the rest of the match URLs).
 */
@Component
@Interceptor
public class SiteSearchNarrowingInterceptor implements RequestInterceptor {

    private static final String SECURITY = "_security";

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public void narrow(RequestDetails request) {
        if (RecordLevel.ofType(request.getResourceName()) != RecordLevel.SUBJECT) {
            return;
        }
        Optional<String> site = FhirAccessInterceptor.siteOf(request);
        if (request.getRestOperationType() == RestOperationTypeEnum.DELETE) {
            String conditional = request.getConditionalUrl(RestOperationTypeEnum.DELETE);
            if (conditional != null) {
                site.ifPresent(own -> request.setFixedConditionalUrl(SiteLabels.narrowedMatchUrl(conditional, own)));
            }
            return;
        }
        if (request.getRestOperationType() != RestOperationTypeEnum.SEARCH_TYPE) {
            return;
        }
        site.ifPresent(own -> {
            Map<String, String[]> parameters = new HashMap<>(request.getParameters());
            String[] existing = parameters.getOrDefault(SECURITY, new String[0]);
            String[] narrowed = Arrays.copyOf(existing, existing.length + 1);
            narrowed[existing.length] = SiteLabels.searchToken(own);
            parameters.put(SECURITY, narrowed);
            request.setParameters(parameters);
        });
    }
}
