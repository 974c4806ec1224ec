package org.regenregistry.server.ehr;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Creates the sync tables at start-up, before the web server takes requests, and syncs each site that has an
 * interval on that schedule (a run still going, here or on another instance, makes the scheduled one wait for the
 * next turn).
 */
@Component
class EhrSyncScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EhrSyncScheduler.class);
    private static final int PHASE = DEFAULT_PHASE - 2048;

    private final EhrSettings settings;
    private final SiteLocks locks;
    private final SyncRuns runs;
    private final DatabaseHighWaterMarks marks;
    private final SiteSyncRunner runner;
    private ScheduledExecutorService scheduler;

    EhrSyncScheduler(
            EhrSettings settings, SiteLocks locks, SyncRuns runs, DatabaseHighWaterMarks marks, SiteSyncRunner runner) {
        this.settings = settings;
        this.locks = locks;
        this.runs = runs;
        this.marks = marks;
        this.runner = runner;
    }

    @Override
    public void start() {
        scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "ehr-sync-schedule");
            thread.setDaemon(true);
            return thread;
        });
        settings.sites().forEach((id, site) -> {
            if (site.interval() != null) {
                long every = site.interval().toMillis();
                scheduler.scheduleWithFixedDelay(() -> startScheduled(id), every, every, TimeUnit.MILLISECONDS);
            }
        });
    }

    private void startScheduled(String siteId) {
        try {
            if (runner.start(siteId, "schedule").isEmpty()) {
                log.debug("The scheduled sync of {} waits: a sync of the site is running", siteId);
            }
        } catch (RuntimeException e) {
            log.warn("The scheduled sync of {} could not start", siteId, e);
        }
    }

    @Override
    public void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
        runner.shutdown();
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
