package org.regenregistry.server.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.junit.jupiter.api.Test;
import org.regenregistry.profiles.RegistryPackage;
import org.regenregistry.server.support.OutcomePackages;

class SubmissionSignatureTest {

    private final ECKey investigator = key("investigator");
    private final Function<String, Optional<JWK>> siteKeys =
            kid -> kid.equals(investigator.getKeyID()) ? Optional.of(investigator.toPublicJWK()) : Optional.empty();

    @Test
    void aPackageSignedByTheSitesKeyVerifiesWithWhoSignedIt() {
        String body = OutcomePackages.signed(pack(7), investigator);

        SubmissionSignature.Signed signed = SubmissionSignature.verify(parse(body), "st-olaf", siteKeys);

        assertThat(signed.keyId()).isEqualTo("investigator");
        assertThat(signed.algorithm()).isEqualTo("ES256");
        assertThat(signed.signer()).isEqualTo("Principal investigator, St Olaf");
    }

    @Test
    void aChangedValueIsABadSignature() {
        String body = OutcomePackages.signed(pack(7), investigator).replace("\"valueInteger\":7", "\"valueInteger\":8");

        assertThatThrownBy(() -> SubmissionSignature.verify(parse(body), "st-olaf", siteKeys))
                .isInstanceOfSatisfying(SubmissionSignature.Refused.class, refused -> assertThat(refused.status())
                        .isEqualTo(422))
                .hasMessageContaining("does not verify");
    }

    @Test
    void aKeyTheSiteDoesNotHaveIsAWrongSigner() {
        String body = OutcomePackages.signed(pack(7), key("someone-else"));

        assertThatThrownBy(() -> SubmissionSignature.verify(parse(body), "st-olaf", siteKeys))
                .isInstanceOfSatisfying(SubmissionSignature.Refused.class, refused -> assertThat(refused.status())
                        .isEqualTo(403))
                .hasMessageContaining("'someone-else'")
                .hasMessageContaining("not registered for site st-olaf");
    }

    @Test
    void serverSetIdAndMetaAndLayoutDoNotBreakTheSignature() {
        String body = OutcomePackages.signed(pack(7), investigator)
                .replace(
                        "{\"resourceType\":\"Bundle\",",
                        "{\n  \"resourceType\" : \"Bundle\", \"id\": \"stored-as-42\",\n");

        assertThat(SubmissionSignature.verify(parse(body), "st-olaf", siteKeys).keyId())
                .isEqualTo("investigator");
    }

    @Test
    void aSignatureWithItsPayloadAttachedIsRefused() {
        String body = OutcomePackages.signed(pack(7), investigator);
        ObjectNode json = parse(body);
        String detached = new String(
                Base64.getDecoder().decode(json.path("signature").path("data").asText()), StandardCharsets.US_ASCII);
        String[] parts = detached.split("\\.", -1);
        String attached = parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString("{}".getBytes(StandardCharsets.UTF_8)) + "."
                + parts[2];
        ((ObjectNode) json.get("signature"))
                .put("data", Base64.getEncoder().encodeToString(attached.getBytes(StandardCharsets.US_ASCII)));

        assertThatThrownBy(() -> SubmissionSignature.verify(json, "st-olaf", siteKeys))
                .hasMessageContaining("detached payload");
    }

    @Test
    void noSignatureIsUnsigned() {
        Bundle bundle = pack(7);

        assertThatThrownBy(() -> SubmissionSignature.verify(
                        parse(ca.uhn.fhir.context.FhirContext.forR4Cached()
                                .newJsonParser()
                                .encodeResourceToString(bundle)),
                        "st-olaf",
                        siteKeys))
                .isInstanceOfSatisfying(SubmissionSignature.Refused.class, refused -> assertThat(refused.status())
                        .isEqualTo(422))
                .hasMessageContaining("not signed");
    }

    @Test
    void thePackagesExampleVerifiesWithTheKeyItsProfilePublishes() throws Exception {
        NpmPackage registry = RegistryPackage.load();
        byte[] example;
        try (InputStream in = registry.load("example", "Bundle-prp-knee-oa-outcome-submission.json")) {
            example = in.readAllBytes();
        }
        String description;
        try (InputStream in = registry.load("package", "StructureDefinition-rr-outcome-submission.json")) {
            description =
                    CanonicalJson.parse(in.readAllBytes()).path("description").asText();
        }
        Matcher published = Pattern.compile("`(\\{\"kty\".*?\\})`").matcher(description);
        assertThat(published.find())
                .as("the profile publishes the example's key")
                .isTrue();
        JWK key = JWK.parse(published.group(1));

        SubmissionSignature.Signed signed =
                SubmissionSignature.verify(CanonicalJson.parse(example), "st-olaf", kid -> Optional.of(key)
                        .filter(found -> found.getKeyID().equals(kid)));

        assertThat(signed.keyId()).isEqualTo("prp-knee-oa-site-example");
    }

    private static Bundle pack(int score) {
        Observation observation = new Observation().setStatus(Observation.ObservationStatus.FINAL);
        observation.getCode().setText("pain");
        observation.setValue(new IntegerType(score));
        return OutcomePackages.unsigned(
                "ResearchStudy/1", LocalDate.parse("2026-02-01"), LocalDate.parse("2026-04-30"), null, observation);
    }

    private static ObjectNode parse(String body) {
        return CanonicalJson.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    private static ECKey key(String kid) {
        try {
            return new ECKeyGenerator(Curve.P_256)
                    .keyID(kid)
                    .algorithm(JWSAlgorithm.ES256)
                    .generate();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
