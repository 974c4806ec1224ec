package org.regenregistry.server.system;

import org.springframework.scheduling.concurrent.ExecutorConfigurationSupport;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Spring's executors for the registry's background work, made alike: named daemon threads, interrupted on shutdown
 * and waited for up to {@value #AWAIT_SECONDS} s, so that work cut off by a shutdown can record that it was. The
 * component that owns one starts and shuts it down in its own lifecycle phase, before the database goes away.
 */
public final class BackgroundThreads {

    private static final int AWAIT_SECONDS = 10;

    private BackgroundThreads() {}

    /** A pool of {@code threads} threads; a task beyond them is refused rather than queued. */
    public static ThreadPoolTaskExecutor executor(String name, int threads) {
        return executor(name, threads, 0);
    }

    /** A pool of {@code threads} threads with room for {@code queued} waiting tasks; more are refused. */
    public static ThreadPoolTaskExecutor executor(String name, int threads, int queued) {
        ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
        executor.setThreadNamePrefix(name + "-");
        executor.setCorePoolSize(threads);
        executor.setMaxPoolSize(threads);
        executor.setQueueCapacity(queued);
        configure(executor);
        executor.initialize();
        return executor;
    }

    /** A scheduler with {@code threads} threads for periodic work. */
    public static ThreadPoolTaskScheduler scheduler(String name, int threads) {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setThreadNamePrefix(name + "-");
        scheduler.setPoolSize(threads);
        scheduler.setRemoveOnCancelPolicy(true);
        configure(scheduler);
        scheduler.initialize();
        return scheduler;
    }

    private static void configure(ExecutorConfigurationSupport executor) {
        executor.setDaemon(true);
        executor.setWaitForTasksToCompleteOnShutdown(false);
        executor.setAwaitTerminationSeconds(AWAIT_SECONDS);
    }
}
