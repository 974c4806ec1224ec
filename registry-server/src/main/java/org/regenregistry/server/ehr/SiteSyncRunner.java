package org.regenregistry.server.ehr;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import org.regenregistry.ehr.sync.EhrSync;
import org.regenregistry.ehr.sync.SiteSpec;
import org.regenregistry.ehr.sync.SyncCounts;
import org.regenregistry.ehr.sync.SyncOutcome;
import org.regenregistry.server.system.BackgroundThreads;
import org.regenregistry.server.system.RetrySettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Starts a site's sync when no other runs for that site (on this instance or another: the site's lease), records
 * the run from start to finish, keeps the lease renewed while it works, and counts what it did per site
 * ({@code registry_ehr_sync_runs_total}, {@code registry_ehr_sync_resources_total}, {@code
 * registry_ehr_sync_duration_seconds}). Syncs run on a pool of two threads per configured site (one more for a run whose lease ran out).
 */
@Component
class SiteSyncRunner {

    private static final Logger log = LoggerFactory.getLogger(SiteSyncRunner.class);

    private final EhrSettings settings;
    private final SiteLocks locks;
    private final SyncRuns runs;
    private final DatabaseHighWaterMarks marks;
    private final HapiRegistry registry;
    private final EhrSync sync;
    private final MeterRegistry meters;
    private final Clock clock = Clock.systemUTC();
    private final ThreadPoolTaskExecutor workers;
    private final ThreadPoolTaskScheduler renewals;

    SiteSyncRunner(
            EhrSettings settings,
            SiteLocks locks,
            SyncRuns runs,
            DatabaseHighWaterMarks marks,
            HapiRegistry registry,
            RetrySettings retry,
            MeterRegistry meters) {
        this.settings = settings;
        this.locks = locks;
        this.runs = runs;
        this.marks = marks;
        this.registry = registry;
        this.sync = new EhrSync(retry.backoff(), clock);
        this.meters = meters;
        this.workers = BackgroundThreads.executor(
                "ehr-sync", 2 * Math.max(1, settings.sites().size()));
        this.renewals = BackgroundThreads.scheduler("ehr-sync-lease", 1);
    }

    /**
     * Starts a sync of the site in the background; empty when one is running already.
     *
     * @throws IllegalArgumentException for a site that is not configured
     */
    Optional<SyncRun> start(String siteId, SyncRun.Trigger triggeredBy) {
        EhrSettings.Site site = settings.sites().get(siteId);
        if (site == null) {
            throw new IllegalArgumentException("No EHR site " + siteId + " is configured");
        }
        Optional<SiteLocks.Lease> acquired = locks.acquire(siteId, settings.lease());
        if (acquired.isEmpty()) {
            return Optional.empty();
        }
        SiteLocks.Lease lease = acquired.get();
        try {
            runs.abandonRunning(siteId, clock.instant());
            SyncRun run = runs.start(siteId, triggeredBy, site.method(), clock.instant());
            workers.execute(() -> execute(site.spec(siteId), run, lease));
            return Optional.of(run);
        } catch (RuntimeException e) {
            lease.release();
            throw e;
        }
    }

    private void execute(SiteSpec site, SyncRun run, SiteLocks.Lease lease) {
        Duration renewEvery = settings.lease().dividedBy(3);
        ScheduledFuture<?> renewal = renewals.scheduleAtFixedRate(() -> renew(lease), renewEvery);
        Timer.Sample timing = Timer.start(meters);
        SyncRun.State state = SyncRun.State.FAILED;
        try {
            SyncOutcome outcome = sync.sync(site, marks, registry);
            state = outcome.issues().isEmpty() ? SyncRun.State.SUCCEEDED : SyncRun.State.PARTIAL;
            runs.finish(run.runId(), state, outcome.counts(), null, outcome.issues(), clock.instant());
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
            lease.release();
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

    private void renew(SiteLocks.Lease lease) {
        if (!lease.renew(settings.lease())) {
            log.warn("The sync of {} lost its lease; another instance may sync the site meanwhile", lease.siteId());
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

    /** Interrupts the running syncs (each records that it was) and waits for them to finish. */
    void shutdown() {
        workers.shutdown();
        renewals.shutdown();
    }
}
