package org.regenregistry.server.request;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.Map;
import org.regenregistry.server.system.RequestInterceptor;
import org.springframework.stereotype.Component;

/**
 * Refuses a {@code :in} or {@code :not-in} token search whose value is not a value set's URL alone. HAPI reads such a
 * value as {@code system|code} and looks up the part after the {@code |} as the value set, so {@code
 * code:in=http://loinc.org|} failed inside the search as a 500 and {@code code:in=http://example.org/vs|2.0} looked
 * for a value set named "2.0". See <a href="https://hl7.org/fhir/R4/search.html#modifiers">search modifiers</a>.
 */
@Component
@Interceptor
public class ValueSetModifierInterceptor implements RequestInterceptor {

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void checkValueSets(RequestDetails request, RestOperationTypeEnum operation) {
        Map<String, String[]> parameters = request.getParameters();
        if (parameters == null) {
            return;
        }
        parameters.forEach((name, values) -> {
            if (name.endsWith(":in") || name.endsWith(":not-in")) {
                for (String value : values) {
                    checkValueSetUrls(name, value);
                }
            }
        });
    }

    private static void checkValueSetUrls(String name, String value) {
        for (String alternative : value.split(",", -1)) {
            if (alternative.isBlank() && !value.isBlank() || alternative.contains("|")) {
                throw new InvalidRequestException(name + " takes the canonical URL of a ValueSet, without a version"
                        + " or a '|' (for example " + name + "=http://example.org/fhir/ValueSet/knee-pain): "
                        + clip(value));
            }
        }
    }

    private static String clip(String value) {
        return value.length() > 80 ? value.substring(0, 80) + "..." : value;
    }
}
