package org.regenregistry.server.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The server's classpath puts fhir-profiles (and its small OID registry) before the HL7 validator's jars, which is
 * what keeps a validation at a few milliseconds (see docs/benchmarks.md).
 */
class ValidationClasspathTest {

    @Test
    void theRegistryOidSubsetShadowsTheValidatorsFullRegistry() {
        assertThat(getClass().getClassLoader().getResource("oidregistry.csv"))
                .asString()
                .contains("fhir-profiles")
                .doesNotContain("org.hl7.fhir.utilities");
    }
}
