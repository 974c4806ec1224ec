package org.regenregistry.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.regenregistry.server.support.FhirHttp;
import org.regenregistry.server.support.RegistryClientSupport;
import org.regenregistry.server.support.SecurityClientsInitializer;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The resource server: a request without a token reaches only what is public, a bad token is refused on every path
 * (401 with a Bearer challenge and an OperationOutcome), and a good token without the right answers 403 saying what
 * was missing. The bad tokens are made here, most with the registry's own signing key, so that each fails for one
 * reason only.
 */
class BearerTokenIT extends RegistryClientSupport {

    @Autowired
    private JWKSource<SecurityContext> signingKeys;

    @Test
    void withoutATokenOnlyThePublicPartsAnswer() {
        FhirHttp anonymous = fhir.anonymous();

        for (String open : List.of(
                "metadata",
                ".well-known/smart-configuration",
                "ResearchStudy?_count=1",
                root("api/trials?size=1"),
                root("api/ehr/jwks"),
                root("oauth2/jwks"),
                root("actuator/health/readiness"))) {
            assertThat(anonymous.get(open, "Accept", "application/json").statusCode())
                    .as(open)
                    .isEqualTo(200);
        }
        for (String closed : List.of("Patient?_count=1", "Observation/123", "_history", "$export")) {
            HttpResponse<String> refused = anonymous.get(closed);
            assertUnauthorized(refused, closed);
        }
        HttpResponse<String> write =
                anonymous.post("Patient", FhirHttp.FHIR_JSON, fhir.json(new Patient().setActive(true)));
        assertUnauthorized(write, "POST Patient");
        assertThat(anonymous
                        .get(root("actuator/prometheus"), "Accept", "text/plain")
                        .statusCode())
                .isEqualTo(401);
        HttpResponse<String> ehrAdmin = anonymous.get(root("api/ehr/sites"), "Accept", "application/json");
        assertThat(ehrAdmin.statusCode()).isEqualTo(401);
        assertThat(ehrAdmin.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
    }

    @Test
    void expiredEarlyMisaddressedUnsignedTamperedAndForeignTokensAreRefusedEverywhere() throws Exception {
        Map<String, String> bad = Map.of(
                "expired", token(claims -> claims.expirationTime(ago(Duration.ofMinutes(3)))),
                "not yet valid",
                        token(claims ->
                                claims.notBeforeTime(Date.from(Instant.now().plus(Duration.ofMinutes(5))))),
                "another audience", token(claims -> claims.audience("https://other-registry.example/fhir")),
                "another issuer", token(claims -> claims.issuer("https://evil.example")),
                "alg none", new PlainJWT(claims(UnaryOperator.identity())).serialize(),
                "tampered", tampered(token(UnaryOperator.identity())),
                "a key the registry does not trust", signed(claims(UnaryOperator.identity()), foreignKey()),
                "no registry role", token(claims -> claims.claim("role", "superuser")));

        bad.forEach((why, token) -> {
            for (String path : List.of("Patient?_count=1", "metadata")) {
                HttpResponse<String> refused = fhir.get(path, "Authorization", "Bearer " + token);
                assertThat(refused.statusCode()).as("%s on %s", why, path).isEqualTo(401);
                assertThat(refused.headers().firstValue("WWW-Authenticate").orElse(""))
                        .as(why)
                        .startsWith("Bearer")
                        .contains("error=\"invalid_token\"");
            }
        });
        assertThat(fhir.get("Patient?_count=1", "Authorization", "Bearer " + token(UnaryOperator.identity()))
                        .statusCode())
                .as("the same token, untouched")
                .isEqualTo(200);
    }

    @Test
    void aGoodTokenWithoutTheRightIsForbiddenAndToldWhy() {
        HttpResponse<String> researcher =
                fhir.as(SecurityClientsInitializer.RESEARCHER_CLIENT).get("Patient?_count=1");
        HttpResponse<String> regulatorWrite = fhir.as(SecurityClientsInitializer.REGULATOR)
                .post("Patient", FhirHttp.FHIR_JSON, fhir.json(new Patient().setActive(true)));
        HttpResponse<String> adminReads =
                fhir.as(SecurityClientsInitializer.ADMIN).get("Observation?_count=1");
        HttpResponse<String> siteMetrics =
                fhir.as(SecurityClientsInitializer.SITE_STAFF).get(root("actuator/prometheus"), "Accept", "text/plain");
        HttpResponse<String> siteEhrAdmin =
                fhir.as(SecurityClientsInitializer.SITE_STAFF).get(root("api/ehr/sites"), "Accept", "application/json");

        for (HttpResponse<String> forbidden : List.of(researcher, regulatorWrite, adminReads)) {
            assertThat(forbidden.statusCode()).as(forbidden.body()).isEqualTo(403);
            OperationOutcome outcome = fhir.parse(OperationOutcome.class, forbidden.body());
            assertThat(outcome.getIssueFirstRep().getCode()).isEqualTo(OperationOutcome.IssueType.FORBIDDEN);
        }
        assertThat(fhir.diagnostics(researcher)).contains("trial-finder", "researcher", "system/ResearchStudy.rs");
        assertThat(siteMetrics.statusCode()).isEqualTo(403);
        assertThat(siteEhrAdmin.statusCode()).isEqualTo(403);
        assertThat(siteEhrAdmin.body()).contains("registry-admin");
        assertThat(fhir.as(SecurityClientsInitializer.ADMIN)
                        .get(root("actuator/prometheus"), "Accept", "text/plain")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void theTimeSpentDecidingWhoMayDoWhatIsMeasured() {
        assertThat(fhir.as(SecurityClientsInitializer.REGULATOR)
                        .get("Patient?_count=1")
                        .statusCode())
                .isEqualTo(200);

        String metrics = fhir.as(SecurityClientsInitializer.ADMIN)
                .get(root("actuator/prometheus"), "Accept", "text/plain")
                .body();
        for (String step : List.of("token", "rules")) {
            assertThat(metrics)
                    .as(step)
                    .containsPattern("registry_authorization_seconds_count\\{[^}]*step=\"" + step + "\"[^}]*} [1-9]");
        }
    }

    @Test
    void createAndUpdateAreToldApart() {
        FhirHttp createsPatients = fhir.as(SecurityClientsInitializer.SITE_CLIENT);
        Patient patient = new Patient().setActive(true);

        HttpResponse<String> created = createsPatients.post("Patient", FhirHttp.FHIR_JSON, fhir.json(patient));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String id = fhir.parse(Patient.class, created.body()).getIdElement().getIdPart();
        HttpResponse<String> updated = createsPatients.put(
                "Patient/" + id,
                FhirHttp.FHIR_JSON,
                fhir.json(patient.setActive(false).setId(id)));

        assertThat(updated.statusCode())
                .as("system/Patient.crs grants no update")
                .isEqualTo(403);
        assertThat(fhir.diagnostics(updated)).contains("system/Patient.crs");
        assertThat(fhir.as(SecurityClientsInitializer.SITE_STAFF)
                        .put("Patient/" + id, FhirHttp.FHIR_JSON, fhir.json(patient))
                        .statusCode())
                .as("the same site with system/*.cruds")
                .isEqualTo(200);
    }

    @Test
    void aRestrictedScopeReachesTheRecordsThatMatchItOnly() throws Exception {
        FhirHttp stOlaf = fhir.as(SecurityClientsInitializer.SITE_STAFF);
        String finalRate = created(stOlaf, heartRate(Observation.ObservationStatus.FINAL));
        String preliminaryRate = created(stOlaf, heartRate(Observation.ObservationStatus.PRELIMINARY));
        FhirHttp finalOnly = fhir.bearer(token(claims -> claims.subject("final-scores-reader")
                .claim("role", "site")
                .claim("site", SecurityClientsInitializer.SITE)
                .claim("scope", List.of("system/Observation.crs?status=final"))));

        assertThat(finalOnly.get(finalRate).statusCode()).isEqualTo(200);
        HttpResponse<String> refused = finalOnly.get(preliminaryRate);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(fhir.diagnostics(refused)).contains("system/Observation.crs");
        assertThat(finalOnly
                        .post(
                                "Observation",
                                FhirHttp.FHIR_JSON,
                                fhir.json(heartRate(Observation.ObservationStatus.PRELIMINARY)))
                        .statusCode())
                .as("a record the scope does not cover cannot be created either")
                .isEqualTo(403);
    }

    private static Observation heartRate(Observation.ObservationStatus status) {
        Observation rate = new Observation().setStatus(status);
        rate.setCode(new CodeableConcept(new Coding("http://loinc.org", "8867-4", "Heart rate")));
        return rate;
    }

    private String created(FhirHttp site, Observation observation) {
        HttpResponse<String> created = site.post("Observation", FhirHttp.FHIR_JSON, fhir.json(observation));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return "Observation/" + fhir.parse(Observation.class, created.body()).getIdPart();
    }

    private void assertUnauthorized(HttpResponse<String> refused, String what) {
        assertThat(refused.statusCode()).as(what + ": " + refused.body()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate").orElse(""))
                .as(what)
                .startsWith("Bearer")
                .contains("error=\"invalid_token\"");
        OperationOutcome outcome = fhir.parse(OperationOutcome.class, refused.body());
        assertThat(outcome.getIssueFirstRep().getCode()).as(what).isEqualTo(OperationOutcome.IssueType.LOGIN);
    }

    private String token(UnaryOperator<JWTClaimsSet.Builder> change) throws Exception {
        RSAKey key = (RSAKey) signingKeys
                .get(new JWKSelector(new JWKMatcher.Builder().build()), null)
                .get(0);
        return signed(claims(change), key);
    }

    private JWTClaimsSet claims(UnaryOperator<JWTClaimsSet.Builder> change) {
        String issuer = "http://localhost:" + port;
        return change.apply(new JWTClaimsSet.Builder()
                        .issuer(issuer)
                        .subject(SecurityClientsInitializer.REGULATOR)
                        .audience(issuer + "/fhir")
                        .issueTime(new Date())
                        .expirationTime(Date.from(Instant.now().plus(Duration.ofMinutes(5))))
                        .jwtID(UUID.randomUUID().toString())
                        .claim("role", "regulator")
                        .claim("scope", List.of("system/*.rs")))
                .build();
    }

    /** {@code claims} as a JWT signed RS256 with {@code key}, named by its key id. */
    static String signed(JWTClaimsSet claims, RSAKey key) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(key.getKeyID())
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    /** A key of another issuer, under the key id of the registry's own. */
    private RSAKey foreignKey() throws Exception {
        String kid = JWKSet.parse(fhir.anonymous().get(root("oauth2/jwks")).body())
                .getKeys()
                .get(0)
                .getKeyID();
        return new RSAKeyGenerator(2048).keyID(kid).generate();
    }

    private static String tampered(String token) {
        String[] parts = token.split("\\.");
        String payload =
                new String(Base64.getUrlDecoder().decode(parts[1])).replace("\"regulator\"", "\"registry-admin\"");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes()) + "."
                + parts[2];
    }

    private static Date ago(Duration duration) {
        return Date.from(Instant.now().minus(duration));
    }
}
