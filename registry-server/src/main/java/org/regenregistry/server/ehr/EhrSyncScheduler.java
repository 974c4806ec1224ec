package org.regenregistry.server.ehr;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.regenregistry.server.system.BackgroundThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Syncs each site that has an interval on that schedule (a run still going, here or on another instance, makes the
 * scheduled one wait for the next turn), and stops the running syncs before the database goes away.
 */
@Component
class EhrSyncScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EhrSyncScheduler.class);
    private static final int PHASE = DEFAULT_PHASE - 2048;

    private final EhrSettings settings;
    private final SiteSyncRunner runner;
    private final List<ScheduledFuture<?>> scheduled = new ArrayList<>();
    private ThreadPoolTaskScheduler scheduler;

    EhrSyncScheduler(EhrSettings settings, SiteSyncRunner runner) {
        this.settings = settings;
        this.runner = runner;
    }

    @Override
    public synchronized void start() {
        scheduler = BackgroundThreads.scheduler("ehr-sync-schedule", 1);
        settings.sites().forEach((id, site) -> {
            if (site.interval() != null) {
                scheduled.add(scheduler.scheduleWithFixedDelay(
                        () -> startScheduled(id),
                        scheduler.getClock().instant().plus(site.interval()),
                        site.interval()));
            }
        });
    }

    private void startScheduled(String siteId) {
        try {
            if (runner.start(siteId, SyncRun.Trigger.SCHEDULE).isEmpty()) {
                log.debug("The scheduled sync of {} waits: a sync of the site is running", siteId);
            }
        } catch (RuntimeException e) {
            log.warn("The scheduled sync of {} could not start", siteId, e);
        }
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            scheduled.forEach(future -> future.cancel(false));
            scheduled.clear();
            scheduler.shutdown();
            scheduler = null;
        }
        runner.shutdown();
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
