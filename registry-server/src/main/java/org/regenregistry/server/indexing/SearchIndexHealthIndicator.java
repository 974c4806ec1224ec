package org.regenregistry.server.indexing;

import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch.cluster.HealthResponse;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * Health of the trial index ({@code searchIndex} in {@code /actuator/health}): the cluster's status, how many trials
 * wait in the outbox and for how long, and the dispatch lag (commit to searchable). It is not part of the readiness
 * group: FHIR writes go on while Elasticsearch is away, and the outbox keeps them.
 */
@Component("searchIndex")
class SearchIndexHealthIndicator extends AbstractHealthIndicator {

    private final SearchNode node;
    private final TrialOutbox outbox;
    private final TrialDispatcher dispatcher;
    private final Clock clock = Clock.systemUTC();

    SearchIndexHealthIndicator(SearchNode node, TrialOutbox outbox, TrialDispatcher dispatcher) {
        super("The trial index is unavailable");
        this.node = node;
        this.outbox = outbox;
        this.dispatcher = dispatcher;
    }

    @Override
    protected void doHealthCheck(Health.Builder health) throws Exception {
        health.withDetail("nodes", node.nodes());
        health.withDetail("outboxDepth", outbox.depth());
        outbox.oldestPending()
                .ifPresent(oldest -> health.withDetail(
                        "oldestPendingSeconds",
                        Duration.between(oldest, clock.instant()).toMillis() / 1000.0));
        for (ValueAtPercentile percentile : dispatcher.lag().takeSnapshot().percentileValues()) {
            health.withDetail(
                    "dispatchLagP" + Math.round(percentile.percentile() * 100) + "Millis",
                    Math.round(percentile.value(TimeUnit.MILLISECONDS)));
        }
        if (dispatcher.lastSuccess() != null) {
            health.withDetail("lastDispatch", dispatcher.lastSuccess());
        }
        if (dispatcher.lastFailure() != null) {
            health.withDetail("lastFailure", dispatcher.lastFailure());
        }
        HealthResponse cluster =
                node.client().cluster().health(request -> request.timeout(timeout -> timeout.time("2s")));
        health.withDetail("cluster", cluster.status().jsonValue());
        if (cluster.status() == HealthStatus.Red) {
            health.down();
        } else {
            health.up();
        }
    }
}
