package org.regenregistry.ehr.sync;

import io.github.resilience4j.core.IntervalFunction;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.regenregistry.ehr.http.ResiliencePolicy;

/**
 * Syncs hospital EHRs into the registry, one site at a time: which patients are the trial's (the site's Group), what
 * changed about them in the EHR since the last sync, their mapping onto the registry's profiles, the write, and at a
 * read-write site the registry's enrolments pushed back. One instance serves every site; it keeps one connection per
 * site across syncs. The caller makes sure that a site is synced by one thread at a time.
 */
public final class EhrSync {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final Map<String, Connection> connections = new ConcurrentHashMap<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    private final ResiliencePolicy policy;
    private final Clock clock;

    /**
     * @param backoff the wait before each retry of a request to an EHR, by attempt, in milliseconds
     */
    public EhrSync(IntervalFunction backoff, Clock clock) {
        this.policy = ResiliencePolicy.defaults(backoff);
        this.clock = clock;
    }

    /**
     * One sync of the site. High-water marks are only advanced once everything read was written: a sync that fails
     * half-way reads the same again next time.
     *
     * @throws IOException the EHR could not be reached, or answered a read the sync cannot do without with an error
     */
    public SyncOutcome sync(SiteSpec site, SiteMarks marks, Registry registry)
            throws IOException, InterruptedException {
        Connection connection = connections.compute(
                site.id(), (id, kept) -> kept != null && kept.site().equals(site) ? kept : connect(site));
        SyncOutcome outcome = new SiteRun(connection, new DeferredMarks(site.id(), marks), registry, clock).run();
        return new SyncOutcome(
                outcome.counts(),
                outcome.issues().stream()
                        .map(issue -> new SyncIssue(
                                issue.outcome(), site.redact(issue.source()), site.redact(issue.reason())))
                        .toList());
    }

    private Connection connect(SiteSpec site) {
        return new Connection(site, http, policy, clock);
    }
}
