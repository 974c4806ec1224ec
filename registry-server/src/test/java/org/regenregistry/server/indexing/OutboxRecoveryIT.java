package org.regenregistry.server.indexing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.regenregistry.server.support.EmbeddedElasticsearchInitializer;
import org.regenregistry.server.support.SearchIndexSupport;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Nothing is lost when Elasticsearch is away or an instance dies between claiming and recording a dispatch. */
class OutboxRecoveryIT extends SearchIndexSupport {

    private static final int TRIALS = 200;
    private static final int PER_BUNDLE = 50;

    @Autowired
    DataSource dataSource;

    @Test
    void trialsWrittenWhileElasticsearchIsDownAreAllSearchableOnceItIsBack() throws Exception {
        EmbeddedElasticsearchInitializer.stop();
        List<String> ids = new ArrayList<>();
        try {
            for (int bundle = 0; bundle < TRIALS / PER_BUNDLE; bundle++) {
                ids.addAll(writeTrials(client, "RR-DOWN-" + bundle + "-", PER_BUNDLE));
            }
            assertThat(outbox.depth()).isGreaterThanOrEqualTo(TRIALS);
            JsonNode health = JSON.readTree(fhir.get(root("actuator/health"), "Accept", "application/json")
                    .body());
            assertThat(health.at("/components/searchIndex/status").asText()).isEqualTo("DOWN");
            assertThat(health.at("/components/searchIndex/details/outboxDepth").asLong())
                    .isGreaterThanOrEqualTo(TRIALS);
        } finally {
            EmbeddedElasticsearchInitializer.start();
        }

        await().atMost(Duration.ofMinutes(1)).until(() -> outbox.depth() == 0);
        assertThat(ids).hasSize(TRIALS).doesNotHaveDuplicates();
        for (String id : ids) {
            assertThat(indexed(id)).as("trial %s", id).isNotNull();
        }
        awaitSearchableCount("RR-DOWN-", TRIALS);
    }

    @Test
    void claimsOfAnInstanceThatDiedArePickedUpWhenTheirLeaseRunsOut() throws Exception {
        List<String> ids = writeTrials(client, "RR-DIED-", 20);
        awaitOutboxDrained();
        Map<String, Long> before = revisionsInIndex(ids);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        OffsetDateTime leaseEnd = Instant.now().plusSeconds(3).atOffset(ZoneOffset.UTC);

        for (String id : ids) {
            jdbc.update(
                    "UPDATE RR_TRIAL_OUTBOX SET REVISION = REVISION + 1, PENDING_SINCE = CURRENT_TIMESTAMP,"
                            + " CLAIMED_BY = 'registry-that-died', CLAIM_EXPIRES = ? WHERE TRIAL_ID = ?",
                    leaseEnd,
                    id);
        }
        assertThat(outbox.depth()).isGreaterThanOrEqualTo(ids.size());

        await().atMost(INDEXED_WITHIN).until(() -> outbox.depth() == 0);
        assertThat(Instant.now()).isAfter(leaseEnd.toInstant());
        Map<String, Long> after = revisionsInIndex(ids);
        ids.forEach(id -> assertThat(after.get(id)).isEqualTo(before.get(id) + 1));
        awaitSearchableCount("RR-DIED-", ids.size());
    }

    @Test
    void aDispatchThatWasNotRecordedIsSentAgainWithoutChangingTheIndex() throws Exception {
        List<String> ids = writeTrials(client, "RR-REPLAY-", 10);
        awaitOutboxDrained();
        Map<String, Long> before = revisionsInIndex(ids);

        new JdbcTemplate(dataSource)
                .update("UPDATE RR_TRIAL_OUTBOX SET DISPATCHED_REVISION = 0, PENDING_SINCE = CHANGED_AT"
                        + " WHERE TRIAL_ID IN ("
                        + String.join(
                                ",", ids.stream().map(id -> "'" + id + "'").toList()) + ")");

        await().atMost(INDEXED_WITHIN).until(() -> outbox.depth() == 0);
        assertThat(revisionsInIndex(ids)).isEqualTo(before);
        awaitSearchableCount("RR-REPLAY-", ids.size());
    }

    private Map<String, Long> revisionsInIndex(List<String> ids) {
        return ids.stream().collect(Collectors.toMap(id -> id, id -> indexed(id).revision()));
    }
}
