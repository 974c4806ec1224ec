package org.regenregistry.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class AllowedHostFilterTest {

    private final AllowedHostFilter filter = new AllowedHostFilter(
            new HttpSecuritySettings(Set.of("localhost", "[::1]"), Set.of()), "https://registry.example.org/fhir");

    @Test
    void aRequestToAnotherHostIsRefusedWithAnOperationOutcome() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(request("/fhir/Patient", "evil.example"), response, chain);

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentType()).startsWith("application/fhir+json");
        assertThat(response.getContentAsString())
                .contains("OperationOutcome")
                .contains("evil.example")
                .contains("registry.http.allowed-hosts");
        assertThat(chain.getRequest()).isNull();
    }

    @Test
    void theAllowedHostsAndTheServerAddressHostAreServed() throws Exception {
        for (String host : new String[] {"localhost", "LOCALHOST", "::1", "[::1]", "registry.example.org"}) {
            MockFilterChain chain = new MockFilterChain();
            filter.doFilter(request("/api/trials", host), new MockHttpServletResponse(), chain);
            assertThat(chain.getRequest()).as(host).isNotNull();
        }
    }

    @Test
    void healthProbesAnswerWhateverTheHost() throws Exception {
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(request("/actuator/health/readiness", "10.1.2.3"), new MockHttpServletResponse(), chain);

        assertThat(chain.getRequest()).isNotNull();
        MockHttpServletResponse metrics = new MockHttpServletResponse();
        filter.doFilter(request("/actuator/prometheus", "10.1.2.3"), metrics, new MockFilterChain());
        assertThat(metrics.getStatus()).isEqualTo(400);
    }

    @Test
    void aPathThatOnlyLooksLikeAProbeIsNotExempt() throws Exception {
        MockHttpServletRequest request = request("/actuator/env", "10.1.2.3");
        request.setRequestURI("/actuator/health/../env");
        MockHttpServletResponse response = new MockHttpServletResponse();

        filter.doFilter(request, response, new MockFilterChain());

        assertThat(response.getStatus()).isEqualTo(400);
    }

    @Test
    void aServerAddressWithoutAHostStopsTheStart() {
        HttpSecuritySettings settings = new HttpSecuritySettings(Set.of("localhost"), Set.of());

        assertThatThrownBy(() -> new AllowedHostFilter(settings, "/fhir"))
                .hasMessageContaining("registry.fhir.server-address");
        assertThatThrownBy(() -> new AllowedHostFilter(settings, "registry.example.org/fhir"))
                .hasMessageContaining("registry.fhir.server-address");
    }

    /** A request as the container hands it over: the decoded, normalised path is the servlet path. */
    private static MockHttpServletRequest request(String path, String host) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        request.setServletPath(path);
        request.setServerName(host);
        return request;
    }
}
