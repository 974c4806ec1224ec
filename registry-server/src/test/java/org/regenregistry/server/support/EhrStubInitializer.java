package org.regenregistry.server.support;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A hospital EHR for the sync tests: a WireMock server (SMART Backend Services discovery and token endpoint from
 * {@code wiremock/hospital}; each test stubs the FHIR searches it needs), started once per test JVM, and the site
 * {@value #SITE} configured against it, enrolling its patients in the example trial {@code prp-knee-oa}.
 */
public class EhrStubInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final String SITE = "st-olaf";
    /** The same hospital synced through Bulk Data Group exports, as Oracle Health offers them. */
    public static final String BULK_SITE = "st-olaf-bulk";

    public static final String GROUP = "knee-oa-trial";
    /** The SNOMED CT code the site's EHR records a PRP injection under. */
    public static final String PRP_INJECTION = "1156339004";

    private static WireMockServer ehr;

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String key = privateKeyPem();
        TestPropertyValues.of(site(SITE, key))
                .and(site(BULK_SITE, key))
                .and(
                        "registry.ehr.sites." + BULK_SITE + ".flavour=oracle-health",
                        "registry.ehr.sites." + BULK_SITE + ".method=bulk")
                .applyTo(context);
    }

    private static String[] site(String id, String key) {
        String site = "registry.ehr.sites." + id + ".";
        return new String[] {
            site + "fhir-base-url=" + ehr().baseUrl() + "/fhir",
            site + "client-id=regen-registry",
            site + "private-key=" + key,
            site + "key-id=registry-test",
            site + "group-id=" + GROUP,
            site + "trial=prp-knee-oa",
            site + "arm=LP-PRP",
            site + "pseudonym-key=the-test-pseudonym-key-of-st-olaf-hospital",
            site + "products[0].procedure-code=" + PRP_INJECTION,
            site + "products[0].product=BiologicallyDerivedProduct/prp-knee-oa-product",
            site + "products[0].route=232357002",
            site + "products[0].dose=4",
            site + "products[0].dose-unit=mL"
        };
    }

    /** The hospital's EHR, started on first use. */
    public static synchronized WireMockServer ehr() {
        if (ehr == null) {
            ehr = new WireMockServer(options().dynamicPort().usingFilesUnderClasspath("wiremock/hospital"));
            ehr.start();
        }
        return ehr;
    }

    /** The registry's key pair for this test JVM's sites; the JWKS it publishes carries the public half. */
    public static final KeyPair REGISTRY_KEY = newKeyPair();

    /** The registry's private key in PEM (PKCS#8): it signs its client assertions with it. */
    static String privateKeyPem() {
        return "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes())
                        .encodeToString(REGISTRY_KEY.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
