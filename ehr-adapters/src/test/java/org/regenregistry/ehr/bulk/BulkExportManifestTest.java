package org.regenregistry.ehr.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.net.URI;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.regenregistry.ehr.bulk.BulkExportManifest.OutputFile;

class BulkExportManifestTest {

    @Test
    void aCompleteManifestIsRead() throws Exception {
        BulkExportManifest manifest = BulkExportManifest.parse(
                """
                {
                  "transactionTime": "2026-11-24T10:58:00.123+01:00",
                  "request": "https://ehr.example.org/fhir/Group/g1/$export?_type=Patient,Observation",
                  "requiresAccessToken": false,
                  "output": [
                    { "type": "Patient", "url": "https://files.example.org/p1.ndjson", "count": 2 },
                    { "type": "Observation", "url": "https://files.example.org/o1.ndjson" }
                  ],
                  "error": [ { "type": "OperationOutcome", "url": "https://files.example.org/e1.ndjson" } ],
                  "extension": { "https://example.org/ignored": true }
                }
                """);

        assertThat(manifest.transactionTime()).isEqualTo(Instant.parse("2026-11-24T09:58:00.123Z"));
        assertThat(manifest.request()).endsWith("$export?_type=Patient,Observation");
        assertThat(manifest.requiresAccessToken()).isFalse();
        assertThat(manifest.output())
                .containsExactly(
                        new OutputFile(
                                "Patient", URI.create("https://files.example.org/p1.ndjson"), OptionalLong.of(2)),
                        new OutputFile(
                                "Observation",
                                URI.create("https://files.example.org/o1.ndjson"),
                                OptionalLong.empty()));
        assertThat(manifest.error())
                .extracting(OutputFile::type, OutputFile::url)
                .containsExactly(tuple("OperationOutcome", URI.create("https://files.example.org/e1.ndjson")));
    }

    @Test
    void aManifestSilentOnTheTokenRequiresItAndMayHaveNoFiles() throws Exception {
        BulkExportManifest manifest = BulkExportManifest.parse(
                "{\"transactionTime\":\"2026-11-24T09:58:00Z\",\"request\":\"https://ehr.example.org/fhir/$export\"}");

        assertThat(manifest.requiresAccessToken()).isTrue();
        assertThat(manifest.output()).isEmpty();
        assertThat(manifest.error()).isEmpty();
    }

    @Test
    void requiresAccessTokenSentAsAStringIsUnderstood() throws Exception {
        String manifest = "{\"transactionTime\":\"2026-11-24T09:58:00Z\",\"requiresAccessToken\":\"%s\"}";

        assertThat(BulkExportManifest.parse(manifest.formatted("false")).requiresAccessToken())
                .isFalse();
        assertThat(BulkExportManifest.parse(manifest.formatted("true")).requiresAccessToken())
                .isTrue();
    }

    @Test
    void aManifestWithoutTransactionTimeIsRefused() {
        assertThatThrownBy(() -> BulkExportManifest.parse("{\"output\":[]}"))
                .isInstanceOf(BulkExportException.class)
                .hasMessageContaining("no valid transactionTime");
        assertThatThrownBy(() -> BulkExportManifest.parse("{\"transactionTime\":\"2026-11-24\"}"))
                .isInstanceOf(BulkExportException.class)
                .hasMessageContaining("'2026-11-24'");
    }

    @Test
    void aFileWithoutAnAbsoluteUrlIsRefused() {
        assertThatThrownBy(() -> BulkExportManifest.parse("{\"transactionTime\":\"2026-11-24T09:58:00Z\","
                        + "\"output\":[{\"type\":\"Patient\",\"url\":\"files/p1.ndjson\"}]}"))
                .isInstanceOf(BulkExportException.class)
                .hasMessageContaining("not absolute");
        assertThatThrownBy(() -> BulkExportManifest.parse("not json"))
                .isInstanceOf(BulkExportException.class)
                .hasMessageContaining("not JSON");
    }
}
