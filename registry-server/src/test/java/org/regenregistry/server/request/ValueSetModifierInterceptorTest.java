package org.regenregistry.server.request;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValueSetModifierInterceptorTest {

    private final ValueSetModifierInterceptor interceptor = new ValueSetModifierInterceptor();

    @Test
    void aValueSetNamedWithABarIsRefusedNamingTheParameter() {
        for (String bad : new String[] {"http://loinc.org|", "http://example.org/vs|2.0", "|", "http://a/vs,"}) {
            for (String name : new String[] {"code:in", "code:not-in"}) {
                assertThatThrownBy(() -> check(name, bad))
                        .isInstanceOf(InvalidRequestException.class)
                        .hasMessageStartingWith(name + " takes the canonical URL of a ValueSet");
            }
        }
    }

    @Test
    void valueSetUrlsAndOtherModifiersPass() {
        assertThatCode(() -> check("code:in", "http://example.org/fhir/ValueSet/a,http://example.org/vs/b"))
                .doesNotThrowAnyException();
        assertThatCode(() -> check("code:in", "")).doesNotThrowAnyException();
        assertThatCode(() -> check("code", "http://loinc.org|")).doesNotThrowAnyException();
        assertThatCode(() -> check("code:not", "http://loinc.org|1234-5")).doesNotThrowAnyException();
    }

    private void check(String name, String value) {
        SystemRequestDetails request = new SystemRequestDetails();
        request.setParameters(Map.of(name, new String[] {value}));
        interceptor.checkValueSets(request, RestOperationTypeEnum.SEARCH_TYPE);
    }
}
