package org.regenregistry.ehr.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BulkExportRequestTest {

    private static final URI BASE = URI.create("https://ehr.example.org/api/FHIR/R4/");

    @Test
    void aGroupKickOffUrlPercentEncodesEveryParameterValue() {
        BulkExportRequest request = BulkExportRequest.group("eIscQb2HmqkT.aPxBKDR1mIQ3")
                .withTypes("Patient", "Observation")
                .withSince(Instant.parse("2026-11-01T00:00:00Z"))
                .withTypeFilters(
                        "Observation?category=laboratory&date=gt2026-01-01",
                        "Condition?clinical-status=active,recurrence");

        assertThat(request.kickOffUri(BASE))
                .hasToString("https://ehr.example.org/api/FHIR/R4/Group/eIscQb2HmqkT.aPxBKDR1mIQ3/$export"
                        + "?_outputFormat=application%2Ffhir%2Bndjson"
                        + "&_type=Patient,Observation"
                        + "&_since=2026-11-01T00%3A00%3A00Z"
                        + "&_typeFilter=Observation%3Fcategory%3Dlaboratory%26date%3Dgt2026-01-01"
                        + "&_typeFilter=Condition%3Fclinical-status%3Dactive%2Crecurrence");
    }

    @Test
    void typeFiltersDecodeBackToTheQueriesGivenOnePerParameter() {
        List<String> filters = List.of("Observation?code:text=blood pressure&_lastUpdated=ge2026-01-01T00:00:00+01:00");
        URI uri = BulkExportRequest.allPatients()
                .withTypeFilters(filters.toArray(String[]::new))
                .kickOffUri(BASE);

        List<String> decoded = Arrays.stream(uri.getRawQuery().split("&"))
                .filter(parameter -> parameter.startsWith("_typeFilter="))
                .map(parameter ->
                        URLDecoder.decode(parameter.substring("_typeFilter=".length()), StandardCharsets.UTF_8))
                .collect(Collectors.toList());

        assertThat(decoded).isEqualTo(filters);
        assertThat(uri.getRawQuery()).contains("blood%20pressure").doesNotContain("+");
    }

    @Test
    void patientAndSystemExportsUseTheirOwnEndpoints() {
        assertThat(BulkExportRequest.allPatients().kickOffUri(BASE).getPath())
                .isEqualTo("/api/FHIR/R4/Patient/$export");
        assertThat(BulkExportRequest.system().kickOffUri(URI.create("https://ehr.example.org/fhir")))
                .hasToString("https://ehr.example.org/fhir/$export?_outputFormat=application%2Ffhir%2Bndjson");
    }

    @Test
    void aGroupOnlySiteRefusesAPatientLevelExport() {
        BulkExportRequest request = BulkExportRequest.allPatients().withTypes("Patient");

        assertThatThrownBy(() -> request.requireLevelIn(EnumSet.of(ExportLevel.GROUP)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The site does not offer Patient-level $export; it allows Group-level");
        assertThatCode(() -> BulkExportRequest.group("g1").requireLevelIn(EnumSet.of(ExportLevel.GROUP)))
                .doesNotThrowAnyException();
    }

    @Test
    void aGroupIdOrResourceTypeThatCouldBreakTheUrlIsRefused() {
        assertThatThrownBy(() -> BulkExportRequest.group("../Patient"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("valid group id");
        assertThatThrownBy(() -> BulkExportRequest.system().withTypes("Patient&_since=1970"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Not a resource type");
    }
}
