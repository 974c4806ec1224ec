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
    public static final ECKey RESEARCHER_KEY = newEcKey();

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestPropertyValues.of(properties()).applyTo(context);
    }

    /** The clients as configuration properties ({@code name=value}), for a registry started in another way too. */
    public static List<String> properties() {
        List<String> properties = new ArrayList<>();
        String keys = registryJwks();
        client(properties, SITE_CLIENT, "site", SITE, SITE_SCOPES, keys);
        client(properties, SITE_STAFF, "site", SITE, ALL, keys);
        client(properties, OTHER_SITE_STAFF, "site", OTHER_SITE, ALL, keys);
        client(properties, HOSPITAL_RW_STAFF, "site", HospitalEhrInitializer.READ_WRITE_SITE, ALL, keys);
        client(properties, REGULATOR, "regulator", null, READ_ALL, keys);
        client(properties, ADMIN, "registry-admin", null, READ_ALL, keys);
        client(
                properties,
                RESEARCHER_CLIENT,
                "researcher",
                null,
                "system/ResearchStudy.rs system/Group.rs",
                new JWKSet(RESEARCHER_KEY.toPublicJWK()).toString());
        return properties;
    }

    /** The scopes a client of this class is registered for. */
    public static String scopesOf(String client) {
        return switch (client) {
            case SITE_CLIENT -> SITE_SCOPES;
            case SITE_STAFF, OTHER_SITE_STAFF, HOSPITAL_RW_STAFF -> ALL;
            case RESEARCHER_CLIENT -> "system/ResearchStudy.rs system/Group.rs";
            default -> READ_ALL;
        };
    }

    private static void client(
            List<String> properties, String id, String role, String site, String scopes, String jwks) {
        String prefix = "registry.security.clients." + id + ".";
        properties.add(prefix + "role=" + role);
        if (site != null) {
            properties.add(prefix + "site=" + site);
        }
        properties.add(prefix + "scopes=" + scopes.replace(' ', ','));
        properties.add(prefix + "jwks=" + jwks);
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

    private static ECKey newEcKey() {
        try {
            return new ECKeyGenerator(Curve.P_384)
                    .keyID("trial-finder-1")
                    .algorithm(JWSAlgorithm.ES384)
                    .keyUse(KeyUse.SIGNATURE)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
