package org.regenregistry.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The validator reads the registry's small OID registry, not the library's 21,000-row one, and still knows SNOMED. */
class OidRegistrySubsetTest {

    @Test
    void theRegistrySubsetComesFirstOnTheClasspath() throws IOException {
        URL first = getClass().getClassLoader().getResource("oidregistry.csv");

        List<String> rows;
        try (InputStream csv = first.openStream()) {
            rows = new String(csv.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
        }

        assertThat(first.toString()).doesNotContain("org.hl7.fhir.utilities");
        assertThat(rows).hasSizeLessThan(1_000);
        assertThat(rows)
                .contains("2.16.840.1.113883.6.96,6,snomed-CT,SNOMED Clinical Terms")
                .anyMatch(row -> row.startsWith("2.16.840.1.113883.6.1,"));
    }
}
