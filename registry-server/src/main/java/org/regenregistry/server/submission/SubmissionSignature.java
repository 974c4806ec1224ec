package org.regenregistry.server.submission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Checks a submission's {@code Bundle.signature} as the {@code rr-outcome-submission} profile defines it: a JWS (<a
 * href="https://www.rfc-editor.org/rfc/rfc7515#appendix-F">detached payload</a>, RS256, RS384, ES256 or ES384) over
 * the Bundle's {@link CanonicalJson canonical JSON}, by the key its {@code kid} names among the submitting site's
 * keys (<a href="https://hl7.org/fhir/R4/signatures.html">FHIR digital signatures</a>). A key the site does not have
 * is a wrong signer; a signature that does not verify, or is no JWS, is a bad signature.
 */
final class SubmissionSignature {

    static final String JOSE = "application/jose";
    private static final Set<JWSAlgorithm> ALGORITHMS =
            Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.ES256, JWSAlgorithm.ES384);

    private SubmissionSignature() {}

    /**
     * A verified signature: the key that made it and what the signature element says of the signer (21 CFR 11.50:
     * who, when).
     */
    record Signed(String keyId, String algorithm, JWK key, String signer, String when) {}

    /** Why a signature was not accepted: {@code status} 403 (not the site's key) or 422 (no good signature). */
    static final class Refused extends RuntimeException {

        private final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    /**
     * The signature of {@code bundle}, verified with the key {@code keys} gives for its {@code kid} ({@code site}'s
     * keys at receipt; the key kept with the submission when it is verified again).
     */
    static Signed verify(ObjectNode bundle, String site, Function<String, Optional<JWK>> keys) {
        JsonNode signature = bundle.get("signature");
        if (signature == null || !signature.isObject()) {
            throw new Refused(
                    422,
                    "The submission is not signed: an outcome submission carries Bundle.signature, a JWS over its"
                            + " canonical JSON");
        }
        if (!JOSE.equals(signature.path("sigFormat").asText())) {
            throw new Refused(422, "Bundle.signature.sigFormat must be " + JOSE + " (a JWS)");
        }
        String compact;
        try {
            compact =
                    new String(Base64.getDecoder().decode(signature.path("data").asText()), StandardCharsets.US_ASCII);
        } catch (IllegalArgumentException e) {
            throw new Refused(422, "Bundle.signature.data is not base64");
        }
        String[] parts = compact.split("\\.", -1);
        if (parts.length != 3 || !parts[1].isEmpty()) {
            throw new Refused(
                    422,
                    "Bundle.signature.data must be a JWS in compact form with a detached payload (header..signature)");
        }
        JWSObject jws;
        try {
            jws = JWSObject.parse(compact, new Payload(CanonicalJson.signedBytes(bundle)));
        } catch (ParseException e) {
            throw new Refused(422, "Bundle.signature.data is not a JWS: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new Refused(422, "The Bundle has no canonical form: " + e.getMessage());
        }
        JWSHeader header = jws.getHeader();
        if (!ALGORITHMS.contains(header.getAlgorithm())) {
            throw new Refused(
                    422,
                    "The signature's algorithm " + header.getAlgorithm() + " is not one of RS256, RS384, ES256, ES384");
        }
        if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
            throw new Refused(
                    422, "The JWS header's crit parameters " + header.getCriticalParams() + " are not supported");
        }
        String kid = header.getKeyID();
        if (kid == null || kid.isBlank()) {
            throw new Refused(422, "The JWS header names no kid: the signer's key is found by its key id");
        }
        JWK key = keys.apply(kid)
                .orElseThrow(() -> new Refused(
                        403,
                        "The submission is signed with key '" + kid + "', which is not registered for site " + site
                                + ": a site submits packages signed by its own keys"));
        boolean valid;
        try {
            valid = key instanceof AsymmetricJWK asymmetric
                    && jws.verify(new DefaultJWSVerifierFactory().createJWSVerifier(header, asymmetric.toPublicKey()));
        } catch (JOSEException e) {
            throw new Refused(
                    422,
                    "Key '" + kid + "' cannot verify a " + header.getAlgorithm() + " signature: " + e.getMessage());
        }
        if (!valid) {
            throw new Refused(
                    422,
                    "The signature does not verify with key '" + kid + "': the Bundle is not what was signed (its"
                            + " canonical JSON without signature, id and meta differs), or the signature is damaged");
        }
        return new Signed(
                kid,
                header.getAlgorithm().getName(),
                key.toPublicJWK(),
                signer(signature.path("who")),
                signature.path("when").asText(null));
    }

    /** The signer as the signature names it: a reference, an identifier ({@code system|value}) or a display. */
    private static String signer(JsonNode who) {
        if (who.hasNonNull("reference")) {
            return who.get("reference").asText();
        }
        JsonNode identifier = who.path("identifier");
        if (identifier.hasNonNull("value")) {
            return identifier.path("system").asText("") + "|"
                    + identifier.get("value").asText();
        }
        return who.path("display").asText("(not named)");
    }
}
