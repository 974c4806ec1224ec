package org.regenregistry.server.indexing;

import io.github.resilience4j.core.IntervalFunction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import org.regenregistry.search.trial.TrialIndex;
import org.regenregistry.search.trial.TrialMapper;
import org.regenregistry.search.trial.TrialRecord;
import org.regenregistry.search.trial.TrialWrite;
import org.regenregistry.server.system.BackgroundThreads;
import org.regenregistry.server.system.RetrySettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Sends the outbox to Elasticsearch: claims pending trials, reads each as stored now, and writes them in one bulk
 * request (to the live index and to one being rebuilt) at their revision, waiting until they are searchable. What
 * Elasticsearch refuses or cannot take stays pending and is retried with the registry's back-off
 * ({@link RetrySettings}), so nothing is lost
 * while it is down; a replay is harmless because an older revision never overwrites a newer one.
 *
 * <p>Metrics: {@code registry.search.outbox.depth} (trials waiting), {@code registry.search.dispatch.lag} (from the
 * write's commit to searchable), {@code registry.search.bulk.failures} (failed bulk requests and refused trials).
 */
@Component
public class TrialDispatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TrialDispatcher.class);

    private final TrialOutbox outbox;
    private final TrialRecords records;
    private final SearchNode node;
    private final SearchSettings.Dispatch settings;
    private final RetrySettings retry;
    private final IntervalFunction backoff;
    private final String owner = "registry-" + UUID.randomUUID();
    private final Clock clock = Clock.systemUTC();
    private final Timer lag;
    private final Counter failures;

    private ThreadPoolTaskExecutor executor;
    private Future<?> worker;
    private volatile Instant lastSuccess;
    private volatile String lastFailure;

    TrialDispatcher(
            TrialOutbox outbox,
            TrialRecords records,
            SearchNode node,
            SearchSettings settings,
            RetrySettings retry,
            MeterRegistry meters) {
        this.outbox = outbox;
        this.records = records;
        this.node = node;
        this.settings = settings.dispatch();
        this.retry = retry;
        this.backoff = retry.backoff();
        this.lag = Timer.builder("registry.search.dispatch.lag")
                .description("From a FHIR write's commit to its trial being searchable")
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(meters);
        this.failures = Counter.builder("registry.search.bulk.failures")
                .description("Bulk requests that failed and trials Elasticsearch refused")
                .register(meters);
        Gauge.builder("registry.search.outbox.depth", outbox, TrialOutbox::depth)
                .description("Trials whose latest revision is not in the index yet")
                .register(meters);
    }

    @Override
    public synchronized void start() {
        executor = BackgroundThreads.executor("trial-dispatcher", 1);
        worker = executor.submit(this::run);
    }

    /** Interrupts the dispatch under way (what it claimed stays pending) and waits for it to end. */
    @Override
    public synchronized void stop() {
        if (executor != null) {
            worker.cancel(true);
            executor.shutdown();
            executor = null;
            worker = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }

    /** After the search node, before the web server. */
    @Override
    public int getPhase() {
        return SearchNode.PHASE + 1;
    }

    /** Dispatch lag so far, for health details. */
    Timer lag() {
        return lag;
    }

    Instant lastSuccess() {
        return lastSuccess;
    }

    String lastFailure() {
        return lastFailure;
    }

    /** Dispatches until interrupted; after {@code n} failures in a row it waits the back-off of attempt {@code n}. */
    private void run() {
        int failed = 0;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                if (failed == 0) {
                    outbox.await(settings.interval());
                } else {
                    Thread.sleep(backoff.apply(failed));
                }
                Duration retryAfter = Duration.ofMillis(backoff.apply(failed + 1));
                int claimed = 0;
                int batch;
                do {
                    batch = dispatchOnce(retryAfter);
                    claimed += batch;
                } while (batch == settings.batchSize());
                if (claimed > 0 || outbox.depth() == 0) {
                    failed = 0;
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | IOException e) {
                failures.increment();
                lastFailure = clock.instant() + " " + e;
                failed++;
                log.warn("Trial index dispatch failed, retrying in {} ms: {}", backoff.apply(failed), e.toString());
            }
        }
    }

    /**
     * One claim, read and bulk write; on failure the claimed trials wait until {@code retryAfterFailure} has passed.
     *
     * @return how many trials were claimed
     */
    private int dispatchOnce(Duration retryAfterFailure) throws IOException {
        List<TrialOutbox.Pending> claimed =
                outbox.claim(owner, settings.batchSize(), settings.lease(), clock.instant());
        if (claimed.isEmpty()) {
            return 0;
        }
        try {
            dispatch(claimed);
        } catch (RuntimeException | IOException e) {
            Map<String, String> reasons = new HashMap<>();
            claimed.forEach(trial -> reasons.put(trial.trialId(), e.toString()));
            outbox.failed(owner, reasons, clock.instant().plus(retryAfterFailure));
            throw e;
        }
        return claimed.size();
    }

    /**
     * Reads the claimed trials in one go; if that fails, one by one, so that a trial that cannot be read is set aside
     * (in {@code unreadable}, with the reason) instead of holding back every other trial of its batch.
     */
    private Map<String, TrialRecord> read(Map<String, Long> revisions, Map<String, String> unreadable) {
        try {
            return records.read(revisions);
        } catch (RuntimeException batchFailure) {
            if (revisions.size() == 1) {
                unreadable.put(revisions.keySet().iterator().next(), "cannot be read: " + batchFailure);
                return Map.of();
            }
            log.warn(
                    "Reading {} trials at once failed ({}); reading them one by one",
                    revisions.size(),
                    batchFailure.toString());
            Map<String, TrialRecord> stored = new HashMap<>();
            revisions.forEach((id, revision) -> {
                try {
                    stored.putAll(records.read(Map.of(id, revision)));
                } catch (RuntimeException e) {
                    unreadable.put(id, "cannot be read: " + e);
                }
            });
            return stored;
        }
    }

    private void dispatch(List<TrialOutbox.Pending> claimed) throws IOException {
        TrialIndex index = node.index();
        Set<String> targets = index.writeTargets();
        if (targets.isEmpty()) {
            index.createIfMissing();
            targets = index.writeTargets();
        }
        Map<String, Long> revisions = new HashMap<>();
        claimed.forEach(trial -> revisions.put(trial.trialId(), trial.revision()));
        Map<String, String> refused = new HashMap<>();
        Map<String, TrialRecord> stored = read(revisions, refused);
        List<TrialWrite> writes = new ArrayList<>();
        for (TrialOutbox.Pending trial : claimed) {
            if (refused.containsKey(trial.trialId())) {
                continue;
            }
            TrialRecord record = stored.get(trial.trialId());
            try {
                writes.add(
                        record == null
                                ? TrialWrite.remove(trial.trialId(), trial.revision())
                                : TrialWrite.put(TrialMapper.INSTANCE.toDocument(record)));
            } catch (RuntimeException e) {
                refused.put(trial.trialId(), "cannot build the document: " + e);
            }
        }
        Map<String, TrialWrite.Outcome> outcomes = index.write(writes, targets, true);
        Instant searchable = clock.instant();
        List<TrialOutbox.Pending> done = new ArrayList<>();
        for (TrialOutbox.Pending trial : claimed) {
            TrialWrite.Outcome outcome = outcomes.get(trial.trialId());
            if (outcome != null && outcome.done()) {
                done.add(trial);
                lag.record(Duration.between(trial.pendingSince(), searchable));
            } else if (outcome != null) {
                refused.put(trial.trialId(), outcome.failure());
            }
        }
        outbox.dispatched(owner, done);
        log.debug("Dispatched {} of {} claimed trial(s) to {}", done.size(), claimed.size(), targets);
        if (!refused.isEmpty()) {
            outbox.failed(owner, refused, searchable.plus(retry.max()));
            failures.increment(refused.size());
            lastFailure = searchable + " " + refused.size() + " trial(s) refused, e.g. "
                    + refused.entrySet().iterator().next();
            log.warn("Elasticsearch refused {} trial(s): {}", refused.size(), refused);
        }
        lastSuccess = searchable;
    }
}
