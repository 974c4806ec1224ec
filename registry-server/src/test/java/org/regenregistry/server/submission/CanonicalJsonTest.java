package org.regenregistry.server.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

    @Test
    void propertiesAreSortedWhitespaceGoesAndTheUnsignedPartsAreLeftOut() {
        String bundle =
                """
                {
                  "resourceType": "Bundle", "id": "server-set", "meta": {"versionId": "3"},
                  "type": "collection",
                  "entry": [ {"resource": {"valueQuantity": {"value": 1.50, "unit": "mg"}, "resourceType": "Observation"}} ],
                  "signature": {"data": "abc"}
                }""";

        String signed = new String(
                CanonicalJson.signedBytes(CanonicalJson.parse(bundle.getBytes(StandardCharsets.UTF_8))),
                StandardCharsets.UTF_8);

        assertThat(signed)
                .isEqualTo("{\"entry\":[{\"resource\":{\"resourceType\":\"Observation\","
                        + "\"valueQuantity\":{\"unit\":\"mg\",\"value\":1.50}}}],\"resourceType\":\"Bundle\","
                        + "\"type\":\"collection\"}");
    }

    @Test
    void stringsKeepTheirCharactersAndKeysSortByUtf16CodeUnits() {
        String json = "{\"é\":\"naïve \\u00e9\",\"Z\":\"\\\"quoted\\\"\",\"a\":true,\"b\":null}";

        String canonical = new String(
                CanonicalJson.bytes(CanonicalJson.parse(json.getBytes(StandardCharsets.UTF_8))),
                StandardCharsets.UTF_8);

        assertThat(canonical).isEqualTo("{\"Z\":\"\\\"quoted\\\"\",\"a\":true,\"b\":null,\"é\":\"naïve é\"}");
    }

    @Test
    void aPropertyNamedTwiceIsNotJson() {
        assertThatThrownBy(() -> CanonicalJson.parse("{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Duplicate field");
    }

    @Test
    void aNumberTooLargeToWriteOutIsRefusedNotAFailure() {
        assertThatThrownBy(() ->
                        CanonicalJson.bytes(CanonicalJson.parse("{\"a\":1e100000}".getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDigestFollowsTheContentNotItsLayout() {
        String one =
                CanonicalJson.digest(CanonicalJson.parse("{\"b\":1, \"a\":[1,2]}".getBytes(StandardCharsets.UTF_8)));
        String same =
                CanonicalJson.digest(CanonicalJson.parse("{\"a\":[1,2],\"b\":1}".getBytes(StandardCharsets.UTF_8)));
        String other =
                CanonicalJson.digest(CanonicalJson.parse("{\"a\":[2,1],\"b\":1}".getBytes(StandardCharsets.UTF_8)));

        assertThat(one).isEqualTo(same).hasSize(64).isNotEqualTo(other);
    }
}
