package org.regenregistry.ehr.sync;

import com.fasterxml.jackson.annotation.JsonValue;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.regenregistry.ehr.mapping.SourceSite;
import org.regenregistry.ehr.mapping.TherapyProduct;
import org.regenregistry.ehr.site.EhrFlavour;
import org.regenregistry.ehr.smart.SigningKey;
import org.regenregistry.profiles.FhirIds;

/**
 * One hospital EHR as a sync sees it.
 *
 * @param id the registry's id of the site: lower-case letters, digits and hyphens
 * @param fhirBaseUrl the EHR's FHIR R4 base URL
 * @param clientId the registry's client id at the EHR (SMART Backend Services)
 * @param privateKeyPem the PKCS#8 PEM private key the client assertion is signed with
 * @param keyId the key's {@code kid} in the JWKS the EHR knows
 * @param scopes what the registry asks for; a read-write site also asks for {@link #WRITE_SCOPES}
 * @param groupId the EHR Group holding the trial's patients at this site
 * @param trial the registry ResearchStudy id the site's patients are enrolled in
 * @param pseudonymKey the secret the MRN hash and the registry pseudonym are keyed with (at least 32 characters)
 * @param mrnSystem the identifier system of the site's MRN; none: the identifier typed {@code MR}
 * @param arm the arm the site's patients are in when the EHR records no ResearchSubject with an assigned arm
 * @param products the EHR procedure codes that stand for an administration of the trial's product
 * @param overlap how far before its high-water mark each incremental read starts again, for edits committed late
 * @param fullSweepEvery how often the types whose {@code _lastUpdated} cannot be trusted are read in full
 */
public record SiteSpec(
        String id,
        URI fhirBaseUrl,
        String clientId,
        String privateKeyPem,
        String keyId,
        String scopes,
        EhrFlavour flavour,
        Mode mode,
        Method method,
        String groupId,
        String trial,
        String pseudonymKey,
        String mrnSystem,
        String arm,
        List<TherapyProduct> products,
        Duration overlap,
        Duration fullSweepEvery) {

    /** What a read-write site also asks for (SMART v2 scopes: create, read, update, search). */
    public static final String WRITE_SCOPES = "system/ResearchStudy.crus system/ResearchSubject.cu";

    private static final Pattern EHR_PATIENT = Pattern.compile("Patient/(" + FhirIds.ID + ")");

    public SiteSpec {
        Objects.requireNonNull(flavour, "flavour");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(method, "method");
        mode.requireSupportedBy(flavour);
        products = List.copyOf(products);
    }

    /** Whether the registry reads the site's records or also pushes its enrolments back. */
    public enum Mode {
        READ_ONLY,
        READ_WRITE;

        /** Refuses read-write with an EHR that takes no research writes. */
        public void requireSupportedBy(EhrFlavour flavour) {
            if (this == READ_WRITE && !flavour.takesEnrolments()) {
                throw new IllegalArgumentException("mode read-write needs an EHR that accepts ResearchStudy and"
                        + " ResearchSubject writes; flavour " + flavour.id()
                        + " does not (it is read-only for research data)");
            }
        }

        /** The name in settings and in the admin API, e.g. {@code read-only}. */
        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** How the site's changes are read. */
    public enum Method {
        /** {@code _lastUpdated} searches, page by page. */
        POLL,
        /** A Bulk Data Group {@code $export} with {@code _since}. */
        BULK;

        /** The name in settings, in the admin API and in the run history, e.g. {@code bulk}. */
        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The method a stored run names. */
        public static Method of(String id) {
            return valueOf(id.toUpperCase(Locale.ROOT));
        }
    }

    /** The scopes asked for: a read-write site also asks to write the trial and its enrolments. */
    String requestedScopes() {
        return mode == Mode.READ_WRITE ? scopes + " " + WRITE_SCOPES : scopes;
    }

    SourceSite source() {
        return new SourceSite(id, pseudonymKey.getBytes(StandardCharsets.UTF_8), fhirBaseUrl, mrnSystem);
    }

    /**
     * Text about the site as it may be kept: an EHR Patient id is often the MRN itself, so each {@code Patient/<id>}
     * becomes its keyed hash (the site can recompute it with its pseudonym key); other resource ids name no one.
     */
    public String redact(String text) {
        if (text == null) {
            return null;
        }
        return EHR_PATIENT.matcher(text).replaceAll(match -> "Patient/#" + hash(match.group(1)));
    }

    private String hash(String patientId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(pseudonymKey.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of()
                    .formatHex(mac.doFinal(patientId.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /**
     * The public key the registry signs this site's client assertions with, as a JWK (JSON object members): what the
     * hospital registers the registry's client with (<a
     * href="https://hl7.org/fhir/smart-app-launch/backend-services.html#registering-a-client-communicating-public-keys">
     * SMART Backend Services: communicating public keys</a>).
     */
    public Map<String, Object> publicJwk() {
        return SigningKey.fromPem(privateKeyPem, keyId).publicJwk().toJSONObject();
    }

    /** Never shows the keys. */
    @Override
    public String toString() {
        return "SiteSpec[id=" + id + ", fhirBaseUrl=" + fhirBaseUrl + ", flavour=" + flavour.id() + ", mode="
                + mode.id() + ", method=" + method.id() + "]";
    }
}
