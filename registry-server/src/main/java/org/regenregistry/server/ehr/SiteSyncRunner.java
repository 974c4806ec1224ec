package org.regenregistry.server.ehr;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Starts a site's sync when no other runs for that site (on this instance or another: the site's lease), records
 * the run from start to finish, keeps the lease renewed while it works, and counts what it did per site
 * ({@code registry_ehr_sync_runs_total}, {@code registry_ehr_sync_resources_total}, {@code
 * registry_ehr_sync_duration_seconds}).
 */
@Component
class SiteSyncRunner {

    private static final Logger log = LoggerFactory.getLogger(SiteSyncRunner.class);

    private final EhrSettings settings;
    private final SiteLocks locks;
    private final SyncRuns runs;
    private final DatabaseHighWaterMarks marks;
    private final RegistryWriter writer;
    private final RegistryEnrolments enrolments;
    private final SiteConnections connections;
    private final MeterRegistry meters;
    private final Clock clock = Clock.systemUTC();
    private final String instance = UUID.randomUUID().toString();
    private final ExecutorService workers = Executors.newCachedThreadPool(task -> daemon(task, "ehr-sync"));
    private final ScheduledExecutorService renewals =
            Executors.newSingleThreadScheduledExecutor(task -> daemon(task, "ehr-sync-lease"));

    SiteSyncRunner(
            EhrSettings settings,
            SiteLocks locks,
            SyncRuns runs,
            DatabaseHighWaterMarks marks,
            RegistryWriter writer,
            RegistryEnrolments enrolments,
            SiteConnections connections,
            MeterRegistry meters) {
        this.settings = settings;
        this.locks = locks;
        this.runs = runs;
        this.marks = marks;
        this.writer = writer;
        this.enrolments = enrolments;
        this.connections = connections;
        this.meters = meters;
    }

    /**
     * Starts a sync of the site in the background; empty when one is running already.
     *
     * @throws IllegalArgumentException for a site that is not configured
     */
    Optional<SyncRun> start(String siteId, String triggeredBy) {
        EhrSettings.Site site = settings.sites().get(siteId);
        if (site == null) {
            throw new IllegalArgumentException("No EHR site " + siteId + " is configured");
        }
        String holder = instance + "/" + UUID.randomUUID();
        if (!locks.acquire(siteId, holder, settings.lease(), clock.instant())) {
            return Optional.empty();
        }
        try {
            runs.abandonRunning(siteId, clock.instant());
            SyncRun run = runs.start(siteId, triggeredBy, site.method().name().toLowerCase(), clock.instant());
            workers.execute(() -> execute(SiteContext.of(siteId, site), run, holder));
            return Optional.of(run);
        } catch (RuntimeException e) {
            locks.release(siteId, holder);
            throw e;
        }
    }

    private void execute(SiteContext site, SyncRun run, String holder) {
        Duration renewEvery = settings.lease().dividedBy(3);
        ScheduledFuture<?> renewal = renewals.scheduleAtFixedRate(
                () -> renew(site.id(), holder), renewEvery.toMillis(), renewEvery.toMillis(), TimeUnit.MILLISECONDS);
        Timer.Sample timing = Timer.start(meters);
        SyncRun.State state = SyncRun.State.FAILED;
        try {
            SiteSync.SyncOutcome outcome = new SiteSync(site, connections, marks, writer, enrolments, clock).run();
            state = outcome.issues().isEmpty() ? SyncRun.State.SUCCEEDED : SyncRun.State.PARTIAL;
            runs.finish(
                    run.runId(),
                    state,
                    outcome.counts(),
                    null,
                    outcome.issues().stream()
                            .map(issue -> new SyncIssue(
                                    issue.outcome(), site.redact(issue.source()), site.redact(issue.reason())))
                            .toList(),
                    clock.instant());
            count(site.id(), outcome.counts());
            log.info("EHR sync {} of {}: {} {}", run.runId(), site.id(), state, outcome.counts());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            runs.finish(run.runId(), state, SyncCounts.NONE, "interrupted", List.of(), clock.instant());
        } catch (Exception e) {
            log.warn("EHR sync {} of {} failed", run.runId(), site.id(), e);
            runs.finish(run.runId(), state, SyncCounts.NONE, site.redact(e.toString()), List.of(), clock.instant());
        } finally {
            renewal.cancel(false);
            locks.release(site.id(), holder);
            timing.stop(Timer.builder("registry.ehr.sync.duration")
                    .tag("site", site.id())
                    .register(meters));
            Counter.builder("registry.ehr.sync.runs")
                    .tag("site", site.id())
                    .tag("state", state.name().toLowerCase())
                    .register(meters)
                    .increment();
        }
    }

    private void renew(String siteId, String holder) {
        if (!locks.renew(siteId, holder, settings.lease(), clock.instant())) {
            log.warn("The sync of {} lost its lease; another instance may sync the site meanwhile", siteId);
        }
    }

    private void count(String siteId, SyncCounts counts) {
        resources(siteId, "read").increment(counts.read());
        resources(siteId, "created").increment(counts.created());
        resources(siteId, "updated").increment(counts.updated());
        resources(siteId, "unchanged").increment(counts.unchanged());
        resources(siteId, "skipped").increment(counts.skipped());
        resources(siteId, "failed").increment(counts.failed());
        resources(siteId, "pushed").increment(counts.pushed());
    }

    private Counter resources(String siteId, String outcome) {
        return Counter.builder("registry.ehr.sync.resources")
                .tag("site", siteId)
                .tag("outcome", outcome)
                .register(meters);
    }

    void shutdown() {
        workers.shutdownNow();
        renewals.shutdownNow();
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
