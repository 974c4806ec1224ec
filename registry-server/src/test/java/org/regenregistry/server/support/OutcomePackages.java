package org.regenregistry.server.support;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Date;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Signature;
import org.hl7.fhir.r4.model.StringType;
import org.regenregistry.profiles.RegistryExtensions;
import org.regenregistry.profiles.RegistryProfiles;

/**
 * Outcome submissions as a site's system makes them: a collection Bundle (header Composition naming the trial and
 * the period, then the records) signed with a detached JWS over its canonical JSON. The canonical form is computed
 * here on its own (sorted maps through Jackson), not with the registry's code, so a test catches a registry that
 * canonicalizes differently from the profile's rules.
 */
public final class OutcomePackages {

    public static final String SUBMISSION_SYSTEM = "https://st-olaf.example.org/outcome-submissions";
    public static final String TARGET_FORMAT =
            "application/fhir+json;canonicalization=http://hl7.org/fhir/canonicalization/json#document";

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final JsonMapper SORTED = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private OutcomePackages() {}

    /** An unsigned package for {@code trial} ({@code ResearchStudy/id}) and the period, holding {@code records}. */
    public static Bundle unsigned(String trial, LocalDate start, LocalDate end, String reason, Resource... records) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        bundle.getMeta().addProfile(RegistryProfiles.OUTCOME_SUBMISSION);
        bundle.getIdentifier()
                .setSystem(SUBMISSION_SYSTEM)
                .setValue(UUID.randomUUID().toString());
        bundle.setTimestamp(new Date());
        Composition header = new Composition();
        header.setStatus(Composition.CompositionStatus.FINAL);
        header.getType().setText("Outcome submission");
        header.setDate(new Date());
        header.addAuthor().setDisplay("Principal investigator, St Olaf");
        header.setTitle("Outcomes " + start + " to " + end);
        header.setSubject(new Reference(trial));
        header.addEvent()
                .getPeriod()
                .setStartElement(new DateTimeType(start.toString()))
                .setEndElement(new DateTimeType(end.toString()));
        if (reason != null) {
            header.addExtension(RegistryExtensions.RESUBMISSION_REASON, new StringType(reason));
        }
        bundle.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(header);
        for (Resource record : records) {
            bundle.addEntry().setFullUrl("urn:uuid:" + UUID.randomUUID()).setResource(record);
        }
        return bundle;
    }

    /** {@code bundle} signed (ES256) by {@code key}, as the JSON to post. */
    public static String signed(Bundle bundle, ECKey key) {
        bundle.setSignature(null);
        byte[] canonical = canonical(FHIR.newJsonParser().encodeResourceToString(bundle));
        Signature signature = new Signature();
        signature.addType(new Coding("urn:iso-astm:E1762-95:2013", "1.2.840.10065.1.12.1.1", "Author's Signature"));
        signature.setWhen(new Date());
        signature.setWho(new Reference().setDisplay("Principal investigator, St Olaf"));
        signature.setTargetFormat(TARGET_FORMAT);
        signature.setSigFormat("application/jose");
        signature.setData(jws(canonical, key).getBytes(StandardCharsets.US_ASCII));
        bundle.setSignature(signature);
        return FHIR.newJsonParser().encodeResourceToString(bundle);
    }

    /** A detached JWS (compact, empty payload part) over {@code payload}. */
    public static String jws(byte[] payload, ECKey key) {
        try {
            JWSObject jws = new JWSObject(
                    new JWSHeader.Builder(JWSAlgorithm.ES256)
                            .keyID(key.getKeyID())
                            .build(),
                    new Payload(payload));
            jws.sign(new ECDSASigner(key));
            return jws.serialize(true);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JSON without the Bundle's signature, id and meta, its object keys sorted, no whitespace. */
    @SuppressWarnings("unchecked")
    public static byte[] canonical(String json) {
        try {
            Map<String, Object> bundle = SORTED.readValue(json, Map.class);
            bundle.remove("signature");
            bundle.remove("id");
            bundle.remove("meta");
            return SORTED.writeValueAsBytes(bundle);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
