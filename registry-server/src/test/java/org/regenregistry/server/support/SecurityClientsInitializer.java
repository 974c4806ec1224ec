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
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Clients of the registry's built-in authorization server for the tests: {@value #SITE_CLIENT}, the site
 * {@code st-olaf} signing with the key the registry's own EHR client uses ({@link EhrStubInitializer#REGISTRY_KEY},
 * RS384), and {@value #RESEARCHER_CLIENT}, a researcher's app with an EC P-384 key (ES384).
 */
public class SecurityClientsInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final String SITE_CLIENT = "st-olaf-ehr";
    public static final String RESEARCHER_CLIENT = "trial-finder";
    public static final String SITE_SCOPES = "system/Patient.rs system/Observation.rs system/ResearchSubject.cruds";
    public static final ECKey RESEARCHER_KEY = newEcKey();

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String site = "registry.security.clients." + SITE_CLIENT + ".";
        String researcher = "registry.security.clients." + RESEARCHER_CLIENT + ".";
        TestPropertyValues.of(
                        site + "role=site",
                        site + "site=st-olaf",
                        site + "scopes=" + SITE_SCOPES.replace(' ', ','),
                        site + "jwks=" + siteJwks(),
                        researcher + "role=researcher",
                        researcher + "scopes=system/ResearchStudy.rs,system/Group.rs",
                        researcher + "jwks=" + new JWKSet(RESEARCHER_KEY.toPublicJWK()))
                .applyTo(context);
    }

    private static String siteJwks() {
        return new JWKSet(new RSAKey.Builder((RSAPublicKey) EhrStubInitializer.REGISTRY_KEY.getPublic())
                        .keyID("registry-test")
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
