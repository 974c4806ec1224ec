package org.regenregistry.server.trial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.rest.api.CacheControlDirective;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.ResearchStudy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.regenregistry.server.support.ExampleTrials;
import org.regenregistry.server.support.FhirHttp;
import org.regenregistry.server.support.SearchIndexSupport;
import org.regenregistry.server.support.SecurityClientsInitializer;

/**
 * {@code GET /api/trials} over real HTTP, with its facet counts checked against FHIR searches of the database (the
 * source of truth), not against numbers written into the test.
 */
class TrialSearchApiIT extends SearchIndexSupport {

    @Test
    void eachFacetCountEqualsTheFhirSearchWithEveryOtherFilter() throws Exception {
        JsonNode result = search("status=active&phase=phase-2");

        assertThat(result.at("/total").asLong()).isEqualTo(fhirCount("status=active&phase=phase-2"));
        for (JsonNode bucket : facet(result, "phase")) {
            assertThat(bucket.at("/count").asLong())
                    .as("phase %s", bucket.at("/value").asText())
                    .isEqualTo(fhirCount(
                            "status=active&phase=" + bucket.at("/value").asText()));
        }
        for (JsonNode bucket : facet(result, "status")) {
            assertThat(bucket.at("/count").asLong())
                    .as("status %s", bucket.at("/value").asText())
                    .isEqualTo(fhirCount(
                            "phase=phase-2&status=" + bucket.at("/value").asText()));
        }
        for (JsonNode bucket : facet(result, "therapyFamily")) {
            assertThat(bucket.at("/count").asLong())
                    .as("therapy family %s", bucket.at("/value").asText())
                    .isEqualTo(fhirCount("status=active&phase=phase-2&therapy-family="
                            + bucket.at("/value").asText()));
        }
        for (JsonNode bucket : facet(result, "country")) {
            assertThat(bucket.at("/count").asLong())
                    .as("country %s", bucket.at("/value").asText())
                    .isEqualTo(fhirCount("status=active&phase=phase-2&site.address-country="
                            + bucket.at("/value").asText()));
        }
        assertThat(facet(result, "phase"))
                .extracting(bucket -> bucket.at("/value").asText())
                .contains("phase-1", "phase-2");
    }

    /** Device facets come from the trials' neuromodulation devices, as FHIR's chained search reads them. */
    @Test
    void deviceFacetsCountWhatTheChainedFhirSearchFinds() throws Exception {
        JsonNode result = search("therapyFamily=neuromodulation");

        assertThat(facet(result, "modality"))
                .extracting(bucket -> bucket.at("/value").asText())
                .contains("scs");
        for (JsonNode bucket : facet(result, "modality")) {
            assertThat(bucket.at("/count").asLong())
                    .as("modality %s", bucket.at("/value").asText())
                    .isEqualTo(fhirCount("therapy-family=neuromodulation&product:DeviceDefinition.modality="
                            + bucket.at("/value").asText()));
        }
        for (JsonNode bucket : facet(result, "implanted")) {
            assertThat(bucket.at("/count").asLong())
                    .as("implanted %s", bucket.at("/value").asText())
                    .isEqualTo(fhirCount("therapy-family=neuromodulation&product:DeviceDefinition.implanted="
                            + bucket.at("/value").asText()));
        }
        assertThat(search("modality=scs&near=51.92,4.47,50").at("/hits"))
                .extracting(hit -> hit.at("/trial/id").asText())
                .contains("scs-diabetic-neuropathy");
    }

    /**
     * The counts of a facet state come from Elasticsearch's request cache once asked for; a change of the index must
     * still reach them.
     */
    @Test
    void facetCountsFollowAStatusChange() throws Exception {
        IdType id = create(ExampleTrials.newTrial("RR-API-0001"));
        awaitStatusCountsMatchTheDatabase();
        long active = statusCount(search("size=1"), "active");
        long completed = statusCount(search("size=1"), "completed");

        ResearchStudy trial =
                client.read().resource(ResearchStudy.class).withId(id).execute();
        trial.setStatus(ResearchStudy.ResearchStudyStatus.COMPLETED);
        client.update().resource(trial).execute();

        awaitStatusCountsMatchTheDatabase();
        JsonNode after = search("size=1");
        assertThat(statusCount(after, "active")).isEqualTo(active - 1);
        assertThat(statusCount(after, "completed")).isEqualTo(completed + 1);
    }

    @Test
    void aHitLinksToItsFhirResearchStudy() throws Exception {
        JsonNode result = search("conditionGroup=spinal-pain");

        assertThat(result.at("/hits")).isNotEmpty();
        for (JsonNode hit : result.at("/hits")) {
            HttpResponse<String> record = fhir.get(hit.at("/fhir").asText());
            assertThat(record.statusCode()).isEqualTo(200);
            ResearchStudy study = fhir.parse(ResearchStudy.class, record.body());
            assertThat(study.getIdPart()).isEqualTo(hit.at("/trial/id").asText());
            assertThat(study.getCondition())
                    .flatExtracting(condition -> condition.getCoding())
                    .extracting(coding -> coding.getCode())
                    .containsAnyOf("26538006", "278860009", "279039007");
        }
        assertThat(result.at("/hits"))
                .extracting(hit -> hit.at("/trial/id").asText())
                .contains("msc-disc-degeneration");
    }

    @Test
    void subjectCountsUnderTheThresholdAreLeftOutForThoseWhoMayNotReadSubjects() throws Exception {
        String query = "api/trials?size=100&sort=title";
        Map<String, JsonNode> regulator = hits(fhir.as(SecurityClientsInitializer.REGULATOR), query);
        int smallCells = 0;
        for (FhirHttp outsider : List.of(fhir.as(SecurityClientsInitializer.RESEARCHER_CLIENT), fhir.anonymous())) {
            Map<String, JsonNode> seen = hits(outsider, query);
            assertThat(seen.keySet()).isEqualTo(regulator.keySet());
            for (Map.Entry<String, JsonNode> hit : regulator.entrySet()) {
                int subjects = hit.getValue().at("/trial/subjects").asInt();
                JsonNode shown = seen.get(hit.getKey()).at("/trial/subjects");
                if (subjects > 0 && subjects < 5) {
                    assertThat(shown.isNull())
                            .as("%s with %d subjects", hit.getKey(), subjects)
                            .isTrue();
                    smallCells++;
                } else {
                    assertThat(shown.asInt()).as(hit.getKey()).isEqualTo(subjects);
                }
            }
        }
        assertThat(smallCells)
                .as("trials with 1 to 4 subjects among the examples")
                .isPositive();
    }

    private Map<String, JsonNode> hits(FhirHttp caller, String query) throws Exception {
        HttpResponse<String> response = caller.get(root(query), "Accept", "application/json");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, JsonNode> hits = new HashMap<>();
        JSON.readTree(response.body())
                .at("/hits")
                .forEach(hit -> hits.put(hit.at("/trial/id").asText(), hit));
        return hits;
    }

    @ParameterizedTest
    @CsvSource(
            delimiterString = " => ",
            quoteCharacter = '"',
            value = {
                "size=1000 => size must be between 1 and 100, was 1000",
                "phse=phase-2 => Unknown parameter 'phse'",
                "near=abc => 'near' must be latitude,longitude,kilometres",
                "startFrom=2026-02-30 => 'startFrom' must be a date (YYYY-MM-DD), was '2026-02-30'"
            })
    void badParametersAre400WithAProblemDetail(String query, String message) throws Exception {
        HttpResponse<String> response = fhir.get(root("api/trials?" + query), "Accept", "application/json");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JSON.readTree(response.body()).at("/detail").asText()).startsWith(message);
    }

    @Test
    void theApiIsDescribedInOpenApi() throws Exception {
        HttpResponse<String> response = fhir.get(root("v3/api-docs"), "Accept", "application/json");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode operation = JSON.readTree(response.body()).at("/paths/~1api~1trials/get");
        List<String> parameters = new ArrayList<>();
        operation
                .at("/parameters")
                .forEach(parameter -> parameters.add(parameter.at("/name").asText()));
        assertThat(parameters)
                .contains(
                        "q",
                        "condition",
                        "conditionGroup",
                        "therapyFamily",
                        "phase",
                        "country",
                        "near",
                        "age",
                        "hasResults",
                        "modality",
                        "implanted",
                        "startFrom",
                        "startTo",
                        "sort",
                        "page",
                        "size");
        assertThat(operation.at("/responses").fieldNames()).toIterable().contains("200", "400", "503");
    }

    private JsonNode search(String query) throws Exception {
        HttpResponse<String> response = fhir.get(root("api/trials?" + query), "Accept", "application/json");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private void awaitStatusCountsMatchTheDatabase() {
        await().atMost(INDEXED_WITHIN).untilAsserted(() -> {
            JsonNode result = search("size=1");
            for (String status : List.of("active", "completed")) {
                assertThat(statusCount(result, status)).as(status).isEqualTo(fhirCount("status=" + status));
            }
        });
    }

    private static long statusCount(JsonNode result, String status) {
        return facet(result, "status").stream()
                .filter(bucket -> bucket.at("/value").asText().equals(status))
                .mapToLong(bucket -> bucket.at("/count").asLong())
                .findFirst()
                .orElse(0);
    }

    private static List<JsonNode> facet(JsonNode result, String name) {
        List<JsonNode> buckets = new ArrayList<>();
        result.at("/facets/" + name).forEach(buckets::add);
        return buckets;
    }

    private long fhirCount(String query) {
        return client.search()
                .byUrl("ResearchStudy?" + query + "&_summary=count")
                .cacheControl(new CacheControlDirective().setNoCache(true))
                .returnBundle(Bundle.class)
                .execute()
                .getTotal();
    }
}
