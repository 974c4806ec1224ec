package org.regenregistry.server.outcomes;

import io.github.resilience4j.core.IntervalFunction;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import org.regenregistry.server.indexing.TrialOutbox;
import org.regenregistry.server.results.TrialResults;
import org.regenregistry.server.system.BackgroundThreads;
import org.regenregistry.server.system.RetrySettings;
import org.regenregistry.statistics.ArmChanges;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps {@code RR_OUTCOME_SUMMARY} and the trials' MeasureReports current: claims the trials the outcome outbox holds,
 * reads each as stored now, computes every arm's changes (from the subjects' scores, or where the registry holds none
 * from the trial's registered results: {@link RegisteredChanges}), stores the trial's MeasureReport and replaces its
 * rows in one transaction. A trial that cannot be read or
 * computed stays pending with the reason and is retried with the registry's back-off; a deleted trial loses its rows.
 * A replay recomputes the same rows, so nothing is lost when the registry stops half-way.
 *
 * <p>Metrics: {@code registry.outcomes.outbox.depth} (trials waiting), {@code registry.outcomes.lag} (from a write's
 * commit to its trial's summaries).
 */
@Component
class OutcomeSummarizer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutcomeSummarizer.class);

    private final TrialOutbox outbox;
    private final TrialScores scores;
    private final OutcomeSummaries summaries;
    private final OutcomeMeasureReports reports;
    private final TrialResults results;
    private final OutcomeSettings settings;
    private final TransactionTemplate transactions;
    private final IntervalFunction backoff;
    private final Timer lag;
    private final String owner = "outcomes-" + UUID.randomUUID();
    private final Clock clock = Clock.systemUTC();

    private ThreadPoolTaskExecutor executor;
    private Future<?> worker;
    private ThreadPoolTaskScheduler scheduler;

    OutcomeSummarizer(
            SummaryOutboxInterceptor interceptor,
            TrialScores scores,
            OutcomeSummaries summaries,
            OutcomeMeasureReports reports,
            TrialResults results,
            OutcomeSettings settings,
            RetrySettings retry,
            PlatformTransactionManager transactionManager,
            MeterRegistry meters) {
        this.outbox = interceptor.outbox();
        this.scores = scores;
        this.summaries = summaries;
        this.reports = reports;
        this.results = results;
        this.settings = settings;
        this.transactions = new TransactionTemplate(transactionManager);
        this.backoff = retry.backoff();
        this.lag = Timer.builder("registry.outcomes.lag")
                .description("From a FHIR write's commit to its trial's outcome summaries")
                .publishPercentiles(0.5, 0.95, 0.99)
                .register(meters);
        Gauge.builder("registry.outcomes.outbox.depth", outbox, TrialOutbox::depth)
                .description("Trials whose outcome summaries wait for a recomputation")
                .register(meters);
    }

    @Override
    public synchronized void start() {
        executor = BackgroundThreads.executor("outcome-summarizer", 1);
        worker = executor.submit(this::run);
        scheduler = BackgroundThreads.scheduler("outcome-refresh", 1);
        scheduler.schedule(
                this::refresh,
                new CronTrigger(
                        "0 " + settings.refreshAt().getMinute() + " "
                                + settings.refreshAt().getHour() + " * * *",
                        ZoneOffset.UTC));
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            worker.cancel(true);
            executor.shutdown();
            scheduler.shutdown();
            executor = null;
            worker = null;
            scheduler = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }

    /**
     * Puts every summarised trial in the outbox again: a day later more windows have closed, so more subjects are
     * expected and may be missing, though nothing was written. Two instances doing it the same night recompute twice.
     */
    void refresh() {
        try {
            outbox.touch(summaries.trials(), clock.instant());
        } catch (RuntimeException e) {
            log.warn("The daily refresh of the outcome summaries failed; it runs again tomorrow", e);
        }
    }

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
                int batch;
                do {
                    batch = summariseOnce(retryAfter);
                } while (batch == settings.batchSize());
                failed = 0;
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                failed++;
                log.warn("Outcome summaries failed, retrying in {} ms: {}", backoff.apply(failed), e.toString());
            }
        }
    }

    /** One claim; each trial is computed and stored on its own, so one that fails holds back no other. */
    private int summariseOnce(Duration retryAfter) {
        List<TrialOutbox.Pending> claimed =
                outbox.claim(owner, settings.batchSize(), settings.lease(), clock.instant());
        List<TrialOutbox.Pending> done = new ArrayList<>();
        for (TrialOutbox.Pending trial : claimed) {
            try {
                summarise(trial);
                done.add(trial);
            } catch (RuntimeException e) {
                log.warn("Outcome summaries of trial {} failed: {}", trial.trialId(), e.toString());
                outbox.failed(
                        owner,
                        Map.of(trial.trialId(), e.toString()),
                        clock.instant().plus(retryAfter));
            }
        }
        outbox.dispatched(owner, done);
        Instant now = clock.instant();
        done.forEach(trial -> lag.record(Duration.between(trial.pendingSince(), now)));
        return claimed.size();
    }

    private void summarise(TrialOutbox.Pending trial) {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        List<OutcomeSummaries.Row> rows = new ArrayList<>();
        scores.read(trial.trialId()).ifPresent(stored -> {
            stored.courses().forEach((code, courses) -> {
                Instruments.Known known = Instruments.of(code).orElseThrow();
                ArmChanges.of(known.instrument(), courses, today)
                        .forEach(arm -> rows.add(new OutcomeSummaries.Row(
                                trial.trialId(),
                                code,
                                OutcomeSummaries.Source.SUBJECTS,
                                known.name(),
                                known.instrument().lowerIsBetter(),
                                known.domain(),
                                stored.arms().get(arm.arm()),
                                arm,
                                trial.revision(),
                                now)));
            });
            if (stored.courses().isEmpty()) {
                RegisteredChanges.of(results.summary(trial.trialId()), stored.arms())
                        .forEach(registered -> rows.add(new OutcomeSummaries.Row(
                                trial.trialId(),
                                registered.key(),
                                OutcomeSummaries.Source.REGISTERED,
                                registered.name(),
                                registered.lowerIsBetter(),
                                registered.domain(),
                                registered.armType(),
                                registered.arm(),
                                trial.revision(),
                                now)));
            }
        });
        reports.write(trial.trialId(), rows, now);
        transactions.executeWithoutResult(status -> summaries.replace(trial.trialId(), rows));
    }
}
