package org.regenregistry.server.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.regenregistry.server.system.RequestLimitSettings;
import org.springframework.util.unit.DataSize;

class SearchLimitInterceptorTest {

    private final SearchLimitInterceptor interceptor = new SearchLimitInterceptor(
            new RequestLimitSettings(DataSize.ofMegabytes(1), 1000, 5, Duration.ofSeconds(60)));

    @Test
    void everyAndedValueAndEveryOredAlternativeIsAClause() {
        Map<String, String[]> parameters = new LinkedHashMap<>();
        parameters.put("name", new String[] {"a", "b,c"});
        parameters.put("code", new String[] {"http://loinc.org|1\\,2,x"});
        parameters.put("_count", new String[] {"10"});
        parameters.put("_format", new String[] {"json"});

        assertThat(SearchLimitInterceptor.clauses(parameters)).isEqualTo(5);
    }

    @Test
    void aSearchOverTheLimitIsRefusedNamingIt() {
        SystemRequestDetails request = request(Map.of("name", new String[] {"a", "b", "c", "d", "e", "f"}));

        assertThatThrownBy(() -> interceptor.checkSearch(request, RestOperationTypeEnum.SEARCH_TYPE))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("6 clauses")
                .hasMessageContaining("at most 5")
                .hasMessageContaining("registry.limits.max-search-clauses");
    }

    @Test
    void aSearchAtTheLimitPasses() {
        SystemRequestDetails request = request(Map.of("name", new String[] {"a,b,c,d,e"}));

        assertThatCode(() -> interceptor.checkSearch(request, RestOperationTypeEnum.SEARCH_TYPE))
                .doesNotThrowAnyException();
    }

    @Test
    void pagingParametersAreWholeNonNegativeNumbers() {
        for (String bad : new String[] {"-1", "abc", "1.5", "99999999999"}) {
            SystemRequestDetails request = request(Map.of("_offset", new String[] {bad}));
            assertThatThrownBy(() -> interceptor.checkSearch(request, RestOperationTypeEnum.SEARCH_TYPE))
                    .isInstanceOf(InvalidRequestException.class)
                    .hasMessageContaining("_offset must be a whole number of at least 0");
        }
        assertThatCode(() -> interceptor.checkSearch(
                        request(Map.of("_count", new String[] {"0"})), RestOperationTypeEnum.HISTORY_TYPE))
                .doesNotThrowAnyException();
    }

    private static SystemRequestDetails request(Map<String, String[]> parameters) {
        SystemRequestDetails request = new SystemRequestDetails();
        request.setParameters(parameters);
        return request;
    }
}
