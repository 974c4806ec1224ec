package org.regenregistry.server.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Clients of the registry's built-in authorization server for the tests. All but the researcher sign with the key the
 * registry's own EHR client uses ({@link EhrStubInitializer#REGISTRY_KEY}, RS384, key id {@value #KEY_ID}):
 *
 * <ul>
 *   <li>{@value #SITE_CLIENT}: site {@value #SITE}'s EHR, with a few scopes;
 *   <li>{@value #SITE_STAFF}: site {@value #SITE}'s staff, {@code system/*.cruds};
 *   <li>{@value #OTHER_SITE_STAFF}: site {@value #OTHER_SITE}'s staff, {@code system/*.cruds};
 *   <li>{@value #HOSPITAL_RW_STAFF}: the read-write hospital site's staff, {@code system/*.cruds};
 *   <li>{@value #REGULATOR}: an auditor, {@code system/*.rs};
 *   <li>{@value #ADMIN}: operations ({@code registry-admin});
 *   <li>{@value #RESEARCHER_CLIENT}: a researcher's app with an EC P-384 key (ES384).
 * </ul>
 *
 * Each site's investigator has a signing key for outcome submissions ({@code registry.submissions.signers}). Two
 * people sign in to the web app ({@code registry.security.people}): {@value #REGULATOR_PERSON}, a regulator, and
 * {@value #SITE_PERSON}, site {@value #SITE}'s staff; their passwords are {@link #PASSWORDS}.
 */
public class SecurityClientsInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final String SITE = EhrStubInitializer.SITE;
    public static final String OTHER_SITE = "lakeside";
    public static final String KEY_ID = "registry-test";

    public static final String SITE_CLIENT = "st-olaf-ehr";
    public static final String SITE_STAFF = "st-olaf-staff";
    public static final String OTHER_SITE_STAFF = "lakeside-staff";
    /** The staff of the hospital site that {@link HospitalEhrInitializer} syncs read-write. */
    public static final String HOSPITAL_RW_STAFF = "synthea-rw-staff";

    public static final String REGULATOR = "auditor";
    public static final String ADMIN = "registry-ops";
    public static final String RESEARCHER_CLIENT = "trial-finder";
    public static final String SITE_SCOPES = "system/Patient.crs system/Observation.rs system/ResearchSubject.cruds";
    public static final String ALL = "system/*.cruds";
    public static final String READ_ALL = "system/*.rs";
    public static final ECKey RESEARCHER_KEY = newEcKey(Curve.P_384, "trial-finder-1", JWSAlgorithm.ES384);
    /** The signing key of site {@value #SITE}'s investigator (ES256), registered for outcome submissions. */
    public static final ECKey SITE_SIGNER = newEcKey(Curve.P_256, "st-olaf-investigator", JWSAlgorithm.ES256);
    /** The signing key of site {@value #OTHER_SITE}'s investigator (ES256). */
    public static final ECKey OTHER_SITE_SIGNER = newEcKey(Curve.P_256, "lakeside-investigator", JWSAlgorithm.ES256);

    public static final String REGULATOR_PERSON = "rita";
    public static final String SITE_PERSON = "sam";
    /** The people's passwords; the registry keeps their bcrypt hashes. */
    public static final Map<String, String> PASSWORDS =
            Map.of(REGULATOR_PERSON, "regulator-password", SITE_PERSON, "site-password");

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestPropertyValues.of(properties()).applyTo(context);
    }

    /** A test client's registration: its role, its site (site clients only) and its scopes. */
    private record Registration(String role, String site, String scopes) {}

    private static final Map<String, Registration> CLIENTS = Map.of(
            SITE_CLIENT, new Registration("site", SITE, SITE_SCOPES),
            SITE_STAFF, new Registration("site", SITE, ALL),
            OTHER_SITE_STAFF, new Registration("site", OTHER_SITE, ALL),
            HOSPITAL_RW_STAFF, new Registration("site", HospitalEhrInitializer.READ_WRITE_SITE, ALL),
            REGULATOR, new Registration("regulator", null, READ_ALL),
            ADMIN, new Registration("registry-admin", null, READ_ALL),
            RESEARCHER_CLIENT, new Registration("researcher", null, "system/ResearchStudy.rs system/Group.rs"));

    /** The clients as configuration properties ({@code name=value}), for a registry started in another way too. */
    public static List<String> properties() {
        List<String> properties = new ArrayList<>();
        CLIENTS.forEach((id, client) -> {
            String prefix = "registry.security.clients." + id + ".";
            properties.add(prefix + "role=" + client.role());
            if (client.site() != null) {
                properties.add(prefix + "site=" + client.site());
            }
            properties.add(prefix + "scopes=" + client.scopes().replace(' ', ','));
            properties.add(prefix + "jwks="
                    + (id.equals(RESEARCHER_CLIENT)
                            ? new JWKSet(RESEARCHER_KEY.toPublicJWK()).toString()
                            : registryJwks()));
        });
        properties.add("registry.security.people." + REGULATOR_PERSON
                + ".password={bcrypt}$2a$10$Mkjvwultqq3NqJMyKOARMOuKNlFBQION/1IoTh9H8LU5snJIBVZbW");
        properties.add("registry.security.people." + REGULATOR_PERSON + ".role=regulator");
        properties.add("registry.security.people." + SITE_PERSON
                + ".password={bcrypt}$2a$10$vOjA8oaUmqLf0xF4g8lMc.mNWLkuI6ZyWPcU5HIIuraym0yds1zEO");
        properties.add("registry.security.people." + SITE_PERSON + ".role=site");
        properties.add("registry.security.people." + SITE_PERSON + ".site=" + SITE);
        properties.add("registry.submissions.signers." + SITE + "=" + new JWKSet(SITE_SIGNER.toPublicJWK()));
        properties.add(
                "registry.submissions.signers." + OTHER_SITE + "=" + new JWKSet(OTHER_SITE_SIGNER.toPublicJWK()));
        return properties;
    }

    /** The scopes a client of this class is registered for. */
    public static String scopesOf(String client) {
        return CLIENTS.get(client).scopes();
    }

    /** The public key of {@link EhrStubInitializer#REGISTRY_KEY} as a JWK Set. */
    public static String registryJwks() {
        return new JWKSet(new RSAKey.Builder((RSAPublicKey) EhrStubInitializer.REGISTRY_KEY.getPublic())
                        .keyID(KEY_ID)
                        .algorithm(JWSAlgorithm.RS384)
                        .keyUse(KeyUse.SIGNATURE)
                        .build())
                .toString();
    }

    private static ECKey newEcKey(Curve curve, String keyId, JWSAlgorithm algorithm) {
        try {
            return new ECKeyGenerator(curve)
                    .keyID(keyId)
                    .algorithm(algorithm)
                    .keyUse(KeyUse.SIGNATURE)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
