package org.regenregistry.server.request;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.Map;
import java.util.Set;
import org.regenregistry.server.system.RequestInterceptor;
import org.regenregistry.server.system.RequestLimitSettings;
import org.springframework.stereotype.Component;

/**
 * Bounds what one search asks of the database: at most {@code registry.limits.max-search-clauses} clauses (every
 * AND-ed value and every OR-ed alternative of every parameter), and paging parameters that are whole non-negative
 * numbers. Each AND-ed clause is one more join, and the database's planner takes time exponential in the joins: 150
 * {@code name} clauses held a core for minutes.
 */
@Component
@Interceptor
public class SearchLimitInterceptor implements RequestInterceptor {

    private static final Set<String> PAGING = Set.of(Constants.PARAM_COUNT, Constants.PARAM_OFFSET);

    /** Parameters that shape the answer, not the query. */
    private static final Set<String> NOT_CLAUSES =
            Set.of(Constants.PARAM_FORMAT, Constants.PARAM_PRETTY, Constants.PARAM_SUMMARY, Constants.PARAM_ELEMENTS);

    private final int maxClauses;

    public SearchLimitInterceptor(RequestLimitSettings limits) {
        this.maxClauses = limits.maxSearchClauses();
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void checkSearch(RequestDetails request, RestOperationTypeEnum operation) {
        Map<String, String[]> parameters = request.getParameters();
        if (parameters == null || parameters.isEmpty()) {
            return;
        }
        PAGING.forEach(name -> checkPaging(name, parameters.get(name)));
        if (operation != RestOperationTypeEnum.SEARCH_TYPE && operation != RestOperationTypeEnum.SEARCH_SYSTEM) {
            return;
        }
        int clauses = clauses(parameters);
        if (clauses > maxClauses) {
            throw new InvalidRequestException("This search has " + clauses + " clauses; the registry takes at most "
                    + maxClauses + " per search (registry.limits.max-search-clauses). Narrow it or split it.");
        }
    }

    static int clauses(Map<String, String[]> parameters) {
        int clauses = 0;
        for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
            if (NOT_CLAUSES.contains(parameter.getKey()) || PAGING.contains(parameter.getKey())) {
                continue;
            }
            for (String value : parameter.getValue()) {
                clauses += alternatives(value);
            }
        }
        return clauses;
    }

    /** Comma-separated alternatives, a {@code \,} being a comma inside a value. */
    private static int alternatives(String value) {
        int alternatives = 1;
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) == '\\') {
                i++;
            } else if (value.charAt(i) == ',') {
                alternatives++;
            }
        }
        return alternatives;
    }

    private static void checkPaging(String name, String[] values) {
        if (values == null) {
            return;
        }
        if (values.length > 1) {
            throw new InvalidRequestException(name + " may be given once");
        }
        String value = values[0];
        if (!value.matches("\\d{1,9}")) {
            throw new InvalidRequestException(name + " must be a whole number of at least 0: " + clip(value));
        }
    }

    private static String clip(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "..." : value;
    }
}
