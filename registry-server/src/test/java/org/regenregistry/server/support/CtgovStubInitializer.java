package org.regenregistry.server.support;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * ClinicalTrials.gov's API for the import tests: a WireMock server, started once per test JVM, that each test stubs
 * with the pages it serves; the registry asks it instead of clinicaltrials.gov, with no wait between requests.
 */
public class CtgovStubInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static WireMockServer api;

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestPropertyValues.of(
                        "registry.ctgov.api-url=" + api().baseUrl() + "/api/v2", "registry.ctgov.api-interval=10ms")
                .applyTo(context);
    }

    /** The stubbed API, started on first use. */
    public static synchronized WireMockServer api() {
        if (api == null) {
            api = new WireMockServer(options().dynamicPort());
            api.start();
        }
        return api;
    }
}
