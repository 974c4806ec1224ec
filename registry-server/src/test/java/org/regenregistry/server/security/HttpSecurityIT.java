package org.regenregistry.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.regenregistry.server.support.RawHttp;
import org.regenregistry.server.support.RegistryClientSupport;

/**
 * What reaches the registry over HTTP and what its answers give away: an unknown {@code Host} is refused before it
 * can end up in links, answers carry the security headers and no server make, and only the configured web origin
 * ({@code application-it.yaml}) may call from a browser.
 */
class HttpSecurityIT extends RegistryClientSupport {

    private static final Duration WITHIN = Duration.ofSeconds(30);
    private static final String APP = "https://app.regen-registry.test";

    @Test
    void aRequestNamingAnotherHostIsRefusedAndNoLinkPointsThere() {
        RawHttp.Answer fhirSearch = get("/fhir/Patient?_count=1", Map.of("Host", "evil.example"));
        RawHttp.Answer apiSearch = get("/api/trials", Map.of("Host", "evil.example:8080"));

        assertThat(fhirSearch.status()).isEqualTo(400);
        assertThat(fhirSearch.header("Content-Type")).startsWith("application/fhir+json");
        assertThat(fhirSearch.body()).contains("evil.example").contains("registry.http.allowed-hosts");
        assertThat(fhirSearch.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(apiSearch.status()).isEqualTo(400);
        assertThat(apiSearch.header("Content-Type")).startsWith("application/problem+json");

        RawHttp.Answer own = get("/fhir/Patient?_count=1", Map.of());
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.body()).contains("http://localhost:" + port + "/fhir/").doesNotContain("evil.example");
    }

    @Test
    void headerAndParameterValuesTheFirewallDislikesAreNoServerError() {
        RawHttp.Answer latin1Header = get("/fhir/Patient?_count=1", Map.of("Prefer", "return=minimal\u00e9"));
        RawHttp.Answer controlParameter = get("/fhir/Patient?name=%01&_count=1", Map.of());
        RawHttp.Answer apiControlParameter = get("/api/trials?q=%01", Map.of());

        assertThat(latin1Header.status()).as(latin1Header.body()).isBetween(200, 499);
        assertThat(controlParameter.status()).as(controlParameter.body()).isBetween(200, 499);
        assertThat(apiControlParameter.status()).as(apiControlParameter.body()).isBetween(200, 499);
    }

    @Test
    void healthProbesAnswerWhateverHostTheOrchestratorUses() {
        assertThat(get("/actuator/health/readiness", Map.of("Host", "10.1.2.3:8080"))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void answersCarrySecurityHeadersAndNoServerMake() {
        for (String path : new String[] {"/fhir/metadata", "/fhir/Patient?_count=1", "/api/trials?size=1"}) {
            RawHttp.Answer answer = get(path, Map.of());
            assertThat(answer.status()).as(path).isEqualTo(200);
            assertThat(answer.header("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
            assertThat(answer.header("Cache-Control")).as(path).isEqualTo("no-store");
            assertThat(answer.header("X-Frame-Options")).as(path).isEqualTo("DENY");
            assertThat(answer.headers()).as(path).doesNotContainKey("x-powered-by");
        }
    }

    @Test
    void onlyTheConfiguredOriginMayCallFromABrowser() {
        RawHttp.Answer allowed = preflight(APP);
        RawHttp.Answer other = preflight("https://evil.example");

        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.header("Access-Control-Allow-Origin")).isEqualTo(APP);
        assertThat(allowed.header("Access-Control-Allow-Methods")).contains("GET");
        assertThat(other.status()).isEqualTo(403);
        assertThat(other.headers()).doesNotContainKey("access-control-allow-origin");

        RawHttp.Answer crossOriginRead = get("/fhir/Patient?_count=1", Map.of("Origin", "https://evil.example"));
        assertThat(crossOriginRead.status()).isEqualTo(403);
        assertThat(crossOriginRead.headers()).doesNotContainKey("access-control-allow-origin");
        assertThat(crossOriginRead.body()).doesNotContain("Bundle");
        assertThat(get("/fhir/Patient?_count=1", Map.of("Origin", APP)).header("Access-Control-Allow-Origin"))
                .isEqualTo(APP);
    }

    private RawHttp.Answer preflight(String origin) {
        return RawHttp.send(
                port,
                "OPTIONS",
                "/fhir/Patient",
                Map.of("Origin", origin, "Access-Control-Request-Method", "GET"),
                null,
                WITHIN);
    }

    private RawHttp.Answer get(String target, Map<String, String> headers) {
        Map<String, String> withAccept = new HashMap<>(headers);
        withAccept.putIfAbsent("Accept", target.startsWith("/fhir") ? "application/fhir+json" : "application/json");
        return RawHttp.send(port, "GET", target, withAccept, null, WITHIN);
    }
}
