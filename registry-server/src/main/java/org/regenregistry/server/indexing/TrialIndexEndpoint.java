package org.regenregistry.server.indexing;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.stereotype.Component;

/**
 * Administration of the trial index at {@code /actuator/trialindex}: {@code GET} for its state (generations, outbox,
 * the latest rebuild), {@code GET /consistency} to compare it with the database, {@code POST} to rebuild it without
 * downtime (202, or 409 while a rebuild runs).
 */
@Component
@Endpoint(id = "trialindex")
class TrialIndexEndpoint {

    private static final int RECENT_FAILURES = 20;

    private final SearchNode node;
    private final TrialOutbox outbox;
    private final TrialIndexRebuild rebuild;

    TrialIndexEndpoint(SearchNode node, TrialOutbox outbox, TrialIndexRebuild rebuild) {
        this.node = node;
        this.outbox = outbox;
        this.rebuild = rebuild;
    }

    @ReadOperation
    Map<String, Object> state() throws IOException {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("liveIndex", node.index().liveIndex().orElse(null));
        state.put("rebuildIndex", node.index().rebuildIndex().orElse(null));
        state.put("outboxDepth", outbox.depth());
        state.put("oldestPending", outbox.oldestPending().orElse(null));
        state.put("failures", outbox.failures(RECENT_FAILURES));
        state.put("rebuild", rebuild.status());
        return state;
    }

    @ReadOperation
    WebEndpointResponse<TrialIndexRebuild.Consistency> report(@Selector String report) throws IOException {
        if (!report.equals("consistency")) {
            return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
        }
        return new WebEndpointResponse<>(rebuild.check());
    }

    @WriteOperation
    WebEndpointResponse<Object> rebuild() throws IOException {
        try {
            return new WebEndpointResponse<>(rebuild.start(), 202);
        } catch (IllegalStateException e) {
            return new WebEndpointResponse<>(Map.of("error", e.getMessage()), 409);
        }
    }
}
