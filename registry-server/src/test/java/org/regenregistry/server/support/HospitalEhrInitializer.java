package org.regenregistry.server.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import ca.uhn.fhir.interceptor.api.IInterceptorService;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.regenregistry.ehr.sync.SiteSpec;
import org.regenregistry.server.RegistryServerApplication;
import org.regenregistry.server.ehr.EhrSettings;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A hospital EHR that is a real FHIR server, for the end-to-end sync test: a second instance of the registry
 * application (HAPI JPA on its own in-memory H2 database, with its own search node) behind a WireMock server that
 * proxies {@code /fhir} and {@code /oauth2} to it: the registry's EHR client gets its tokens from the hospital's
 * built-in authorization server, where it is registered as client {@code regen-registry} of site {@value
 * SecurityClientsInitializer#SITE} (the tests load the hospital's data as that site's staff). Both start once per test JVM, and only for contexts that use this initializer. Two sites
 * are configured against the proxy, each enrolling the members of one hospital Group in the example trial
 * {@code prp-knee-oa}: {@value #SITE} (Group {@value #GROUP}) is read-only, {@value #READ_WRITE_SITE} (Group
 * {@value #READ_WRITE_GROUP}) pushes enrolments back.
 *
 * <p>A hospital EHR knows nothing of the registry's profiles, so the hospital instance does not enforce them: it takes
 * the ResearchStudy and ResearchSubject resources pushed to it as any FHIR server would.
 *
 * <p>The hospital writes the proxy's address into its links ({@code registry.fhir.server-address}), as a FHIR server
 * behind a reverse proxy does: the sync follows only {@code next} links under the site's base.
 */
public class HospitalEhrInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final String SITE = "synthea-general";
    public static final String GROUP = "chronic-pain-prp";
    public static final String READ_WRITE_SITE = "synthea-general-rw";
    public static final String READ_WRITE_GROUP = "chronic-pain-prp-rw";

    /**
     * The hospital's own search node: the registry pushes a ResearchStudy to the hospital, and on the registry's node
     * the hospital's outbox would index it among the registry's own trials.
     */
    private static final Path HOSPITAL_SEARCH_DIR = Path.of("target", "hospital-elasticsearch");

    private static WireMockServer proxy;
    private static ConfigurableApplicationContext hospital;

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        start();
        site(SITE, GROUP, "read-only").applyTo(context);
        site(READ_WRITE_SITE, READ_WRITE_GROUP, "read-write").applyTo(context);
    }

    private static TestPropertyValues site(String id, String group, String mode) {
        String site = "registry.ehr.sites." + id + ".";
        return TestPropertyValues.of(
                site + "fhir-base-url=" + proxyFhirBase(),
                site + "client-id=regen-registry",
                site + "private-key=" + EhrStubInitializer.privateKeyPem(),
                site + "key-id=registry-test",
                site + "flavour=generic",
                site + "mode=" + mode,
                site + "method=poll",
                site + "group-id=" + group,
                site + "trial=prp-knee-oa",
                site + "arm=LP-PRP",
                site + "pseudonym-key=the-test-pseudonym-key-of-the-" + id + "-hospital");
    }

    /** The proxy in front of the hospital, as the registry sees the EHR. */
    public static synchronized WireMockServer proxy() {
        start();
        return proxy;
    }

    /** The site's FHIR base: the hospital's {@code /fhir} through the proxy. */
    public static String proxyFhirBase() {
        return proxy().baseUrl() + "/fhir";
    }

    /** The hospital's own port, for loading and editing its data without the proxy. */
    public static synchronized int hospitalPort() {
        start();
        return ((WebServerApplicationContext) hospital).getWebServer().getPort();
    }

    private static synchronized void start() {
        if (proxy == null) {
            proxy = new WireMockServer(options().dynamicPort());
            proxy.start();
        }
        if (hospital == null) {
            List<String> arguments = new ArrayList<>(List.of(
                    "--spring.profiles.active=it",
                    "--spring.application.name=hospital-ehr",
                    "--spring.main.web-application-type=servlet",
                    "--server.port=0",
                    "--spring.datasource.url=jdbc:h2:mem:hospital-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                    "--spring.datasource.username=sa",
                    "--spring.datasource.password=",
                    "--spring.jmx.enabled=false",
                    "--management.metrics.use-global-registry=false",
                    "--registry.search.embedded.work-dir=" + HOSPITAL_SEARCH_DIR,
                    "--registry.fhir.server-address=" + proxy.baseUrl() + "/fhir",
                    "--registry.fhir.max-bundle-entries=500",
                    "--registry.security.clients.regen-registry.role=site",
                    "--registry.security.clients.regen-registry.site=" + SecurityClientsInitializer.SITE,
                    "--registry.security.clients.regen-registry.scopes="
                            + (EhrSettings.DEFAULT_SCOPES + " " + SiteSpec.WRITE_SCOPES).replace(' ', ','),
                    "--registry.security.clients.regen-registry.jwks=" + SecurityClientsInitializer.registryJwks()));
            SecurityClientsInitializer.properties().forEach(property -> arguments.add("--" + property));
            hospital =
                    new SpringApplicationBuilder(RegistryServerApplication.class).run(arguments.toArray(String[]::new));
            hospital.getBean(IInterceptorService.class)
                    .unregisterInterceptor(hospital.getBean("profileEnforcingInterceptor"));
            proxy.stubFor(any(urlPathMatching("/(fhir|oauth2)(/.*)?"))
                    .atPriority(10)
                    .willReturn(aResponse().proxiedFrom("http://localhost:" + hospitalPort())));
        }
    }
}
