package org.regenregistry.ehr.smart;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.regenregistry.ehr.http.MovableClock;

/** SMART Backend Services against an Epic-like EHR stub (WireMock, real HTTP). */
class BackendServicesClientIT {

    private static final String SCOPE = "system/Patient.rs system/Observation.rs";

    private final WireMockServer ehr =
            new WireMockServer(options().dynamicPort().usingFilesUnderClasspath("wiremock/epic"));
    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-24T10:00:00Z"));
    private BackendServicesClient client;

    @BeforeEach
    void start() throws Exception {
        ehr.start();
        client = new BackendServicesClient(
                HttpClient.newHttpClient(),
                URI.create(ehr.baseUrl() + "/api/FHIR/R4"),
                "regen-registry",
                SCOPE,
                SigningKey.of(TestKeys.rsa(2048).getPrivate(), "registry-2026"),
                Duration.ofSeconds(10),
                clock);
    }

    @AfterEach
    void stop() {
        ehr.stop();
    }

    @Test
    void aTokenIsObtainedWithASignedAssertionForTheTokenEndpointAndKept() throws Exception {
        String first = client.accessToken();
        String second = client.accessToken();

        assertThat(first).startsWith("token-").isEqualTo(second);
        ehr.verify(1, postRequestedFor(urlEqualTo("/oauth2/token")));
        String body = ehr.findAll(postRequestedFor(urlEqualTo("/oauth2/token")))
                .get(0)
                .getBodyAsString();
        String assertion =
                URLDecoder.decode(body.replaceAll(".*client_assertion=([^&]+).*", "$1"), StandardCharsets.UTF_8);
        String claims = new String(Base64.getUrlDecoder().decode(assertion.split("\\.")[1]), StandardCharsets.UTF_8);
        assertThat(new ObjectMapper().readTree(claims).at("/aud").asText()).isEqualTo(ehr.baseUrl() + "/oauth2/token");
    }

    @Test
    void aTokenIsRenewedShortlyBeforeItExpires() throws Exception {
        String first = client.accessToken();
        clock.advance(Duration.ofSeconds(200));
        assertThat(client.accessToken()).isEqualTo(first);

        clock.advance(Duration.ofSeconds(45));

        assertThat(client.accessToken()).isNotEqualTo(first);
        ehr.verify(2, postRequestedFor(urlEqualTo("/oauth2/token")));
    }

    @Test
    void aRequestAnswered401IsRetriedOnceWithANewToken() throws Exception {
        ehr.stubFor(get(urlPathEqualTo("/api/FHIR/R4/Patient"))
                .inScenario("token revoked")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(401))
                .willSetStateTo("renewed"));
        ehr.stubFor(get(urlPathEqualTo("/api/FHIR/R4/Patient"))
                .inScenario("token revoked")
                .whenScenarioStateIs("renewed")
                .willReturn(okJson("{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"total\":0}")));

        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(URI.create(ehr.baseUrl() + "/api/FHIR/R4/Patient?_count=1")),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        ehr.verify(2, postRequestedFor(urlEqualTo("/oauth2/token")));
        ehr.verify(
                2,
                getRequestedFor(urlPathEqualTo("/api/FHIR/R4/Patient"))
                        .withHeader("Authorization", containing("Bearer token-")));
    }

    @Test
    void aClientTheEhrRefusesGetsTheEhrsAnswer() {
        ehr.stubFor(post(urlEqualTo("/oauth2/token"))
                .atPriority(1)
                .willReturn(aResponse()
                        .withStatus(401)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"invalid_client\"}")));

        assertThatThrownBy(client::accessToken)
                .isInstanceOf(SmartAuthenticationException.class)
                .hasMessageContaining("answered 401")
                .hasMessageContaining("invalid_client");
    }

    @Test
    void anEhrWithoutBackendServicesIsRefusedBeforeAnyTokenRequest() {
        ehr.stubFor(get(urlEqualTo("/api/FHIR/R4/.well-known/smart-configuration"))
                .atPriority(1)
                .willReturn(okJson("{\"token_endpoint\":\"" + ehr.baseUrl() + "/oauth2/token\","
                        + "\"grant_types_supported\":[\"authorization_code\"]}")));

        assertThatThrownBy(client::accessToken)
                .isInstanceOf(SmartAuthenticationException.class)
                .hasMessageContaining("does not offer SMART Backend Services");
        ehr.verify(0, postRequestedFor(urlEqualTo("/oauth2/token")).withHeader("Accept", equalTo("application/json")));
    }
}
