package org.regenregistry.server.indexing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.rest.api.CacheControlDirective;
import co.elastic.clients.elasticsearch._types.Refresh;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.junit.jupiter.api.Test;
import org.regenregistry.search.trial.TrialDocument;
import org.regenregistry.search.trial.TrialIndex;
import org.regenregistry.server.support.ExampleTrials;
import org.regenregistry.server.support.SearchIndexSupport;

/** The admin endpoint rebuilds the index into a new generation while searches go on, and reports drift. */
class TrialIndexRebuildIT extends SearchIndexSupport {

    @Test
    void aRebuildSwapsToTheNextGenerationWithEveryTrialAndSearchesAnswerThroughout() throws Exception {
        for (long missing = 2L * TrialIndexRebuild.PAGE_SIZE + 1 - fhirTrialCount(); missing > 0; missing -= 50) {
            writeTrials(client, "RR-REBUILD-MANY-" + UUID.randomUUID() + "-", 50);
        }
        awaitOutboxDrained();
        String live = searchNode.index().liveIndex().orElseThrow();
        Map<String, TrialDocument> dispatched = new HashMap<>();
        ExampleTrials.KEYS.forEach(key -> dispatched.put(key, indexed(key)));

        HttpResponse<String> started = startRebuild();
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String next = JSON.readTree(started.body()).at("/index").asText();
        assertThat(generation(next)).isEqualTo(generation(live) + 1);
        IdType duringRebuild = create(ExampleTrials.newTrial("RR-REBUILD-0001"));
        assertThat(fhir.get(root("api/trials?size=1"), "Accept", "application/json")
                        .statusCode())
                .isEqualTo(200);

        await().atMost(Duration.ofMinutes(1))
                .until(() -> state().at("/rebuild/state").asText(), "FINISHED"::equals);
        assertThat(searchNode.index().liveIndex()).contains(next);
        assertThat(searchNode.index().rebuildIndex()).isEmpty();
        awaitIndexed(duringRebuild.getIdPart(), document -> true);
        awaitOutboxDrained();

        JsonNode consistency = consistency();
        assertThat(consistency.at("/consistent").asBoolean())
                .as(consistency.toString())
                .isTrue();
        assertThat(consistency.at("/indexedTrials").asLong())
                .isEqualTo(consistency.at("/databaseTrials").asLong())
                .isEqualTo(fhirTrialCount());
        ExampleTrials.KEYS.forEach(key -> assertThat(indexed(key))
                .as("the rebuild reads %s from HAPI's tables into the document the dispatcher built", key)
                .isEqualTo(dispatched.get(key)));
    }

    @Test
    void theConsistencyCheckReportsATrialMissingFromTheIndexAndARebuildRepairsIt() throws Exception {
        IdType trial = create(ExampleTrials.newTrial("RR-DRIFT-0001"));
        awaitIndexed(trial.getIdPart(), document -> true);
        awaitOutboxDrained();

        elasticsearch()
                .delete(delete ->
                        delete.index(TrialIndex.ALIAS).id(trial.getIdPart()).refresh(Refresh.True));

        JsonNode drift = consistency();
        assertThat(drift.at("/consistent").asBoolean()).isFalse();
        assertThat(drift.at("/missing").toString()).contains(trial.getIdPart());

        rebuild();
        assertThat(indexed(trial.getIdPart())).isNotNull();
        assertThat(consistency().at("/consistent").asBoolean()).isTrue();
    }

    @Test
    void outboxDepthDispatchLagAndFailuresAreExposed() throws Exception {
        IdType trial = create(ExampleTrials.newTrial("RR-METRICS-0001"));
        awaitIndexed(trial.getIdPart(), document -> true);

        String prometheus =
                fhir.get(root("actuator/prometheus"), "Accept", "text/plain").body();
        assertThat(prometheus)
                .contains("registry_search_outbox_depth")
                .contains("registry_search_dispatch_lag_seconds{quantile=\"0.95\"")
                .contains("registry_search_bulk_failures_total");
        JsonNode health = JSON.readTree(
                fhir.get(root("actuator/health"), "Accept", "application/json").body());
        assertThat(health.at("/components/searchIndex/status").asText()).isEqualTo("UP");
        assertThat(health.at("/components/searchIndex/details").has("dispatchLagP95Millis"))
                .isTrue();
        assertThat(health.at("/components/searchIndex/details/outboxDepth").isNumber())
                .isTrue();
    }

    private void rebuild() throws Exception {
        assertThat(startRebuild().statusCode()).isEqualTo(202);
        awaitRebuilt();
    }

    private HttpResponse<String> startRebuild() {
        return fhir.post(root("actuator/trialindex"), "application/json", "", "Accept", "application/json");
    }

    private void awaitRebuilt() {
        await().atMost(Duration.ofMinutes(1))
                .until(() -> state().at("/rebuild/state").asText(), "FINISHED"::equals);
    }

    private JsonNode state() throws Exception {
        return JSON.readTree(fhir.get(root("actuator/trialindex"), "Accept", "application/json")
                .body());
    }

    private JsonNode consistency() throws Exception {
        HttpResponse<String> response = fhir.get(root("actuator/trialindex/consistency"), "Accept", "application/json");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private long fhirTrialCount() {
        return client.search()
                .byUrl("ResearchStudy?_summary=count")
                .cacheControl(new CacheControlDirective().setNoCache(true))
                .returnBundle(Bundle.class)
                .execute()
                .getTotal();
    }

    /** The number at the end of {@code trials-vN}. */
    private static int generation(String index) {
        return Integer.parseInt(index.substring(index.lastIndexOf('v') + 1));
    }
}
