package org.regenregistry.server.followup;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.model.DaoMethodOutcome;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.concurrent.ScheduledFuture;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Task;
import org.regenregistry.profiles.RegistryCodeSystems;
import org.regenregistry.profiles.RegistryIdentifierSystems;
import org.regenregistry.server.access.SiteLabels;
import org.regenregistry.server.followup.FollowUpAssessment.ContactState;
import org.regenregistry.server.system.BackgroundThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.scheduling.support.CronTrigger;
import org.springframework.stereotype.Component;

/**
 * Once a day ({@code registry.follow-up.daily-at}, UTC), on one registry instance (a lease from the registry's ShedLock
 * provider), raises a Task for every expected follow-up contact whose window closed within the lookback
 * without the contact being made. The Task names the contact by an identifier ({@code <plan>/<due day>}) and is
 * created only if none has it, so a rerun, a second instance or a missed day raises nothing twice; it carries the
 * plan's site label, so that only that site's subscription to {@code follow-up-overdue} hears of it.
 */
@Component
class FollowUpOverdueJob implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(FollowUpOverdueJob.class);
    private static final Duration LEASE = Duration.ofHours(1);

    private final FollowUpRecords records;
    private final DaoRegistry daos;
    private final FollowUpSettings settings;
    private final LockProvider locks;
    private final Clock clock = Clock.systemUTC();

    private ThreadPoolTaskScheduler scheduler;
    private ScheduledFuture<?> daily;

    FollowUpOverdueJob(FollowUpRecords records, DaoRegistry daos, FollowUpSettings settings, LockProvider locks) {
        this.records = records;
        this.daos = daos;
        this.settings = settings;
        this.locks = locks;
    }

    /**
     * Raises the Tasks of the contacts overdue on {@code asOf}: the day's run, and the hook through which a test
     * moves the job's clock across the years.
     *
     * @return how many Tasks were raised
     */
    int raise(LocalDate asOf) {
        LocalDate since = asOf.minusDays(settings.lookback().toDays());
        int raised = 0;
        for (FollowUpReport.Assessed subject : FollowUpReport.assess(records.read(null, null), asOf)) {
            FollowUpPlan plan = subject.subject().plan();
            for (FollowUpAssessment.Assessed contact : subject.result().contacts()) {
                if (contact.state() == ContactState.MISSED
                        && !contact.expected().closes().isBefore(since)) {
                    raised += raise(plan, contact.expected()) ? 1 : 0;
                }
            }
        }
        return raised;
    }

    private boolean raise(FollowUpPlan plan, ExpectedContact contact) {
        String identifier = plan.plan() + "/" + contact.due();
        Task task = new Task()
                .setStatus(Task.TaskStatus.REQUESTED)
                .setIntent(Task.TaskIntent.ORDER)
                .setPriority(Task.TaskPriority.URGENT)
                .setCode(new CodeableConcept(
                        new Coding(RegistryCodeSystems.FOLLOW_UP_ACTIVITY, contact.activity(), null)))
                .setDescription("Follow-up " + contact.activity() + " due " + contact.due() + " was not made between "
                        + contact.opens() + " and " + contact.closes())
                .setFor(new Reference(plan.patient()))
                .setExecutionPeriod(new Period().setStart(date(contact.opens())).setEnd(date(contact.closes())))
                .setAuthoredOn(Date.from(clock.instant()));
        task.addIdentifier()
                .setSystem(RegistryIdentifierSystems.FOLLOW_UP_CONTACT)
                .setValue(identifier);
        task.addBasedOn(new Reference("CarePlan/" + plan.plan()));
        if (plan.site() != null) {
            SiteLabels.stamp(task, plan.site());
        }
        DaoMethodOutcome outcome = daos.getResourceDao(Task.class)
                .create(
                        task,
                        "Task?identifier=" + RegistryIdentifierSystems.FOLLOW_UP_CONTACT + "|" + identifier,
                        new SystemRequestDetails());
        return Boolean.TRUE.equals(outcome.getCreated());
    }

    private void runToday() {
        Instant now = clock.instant();
        locks.lock(new LockConfiguration(now, "follow-up-overdue", LEASE, Duration.ofMinutes(5)))
                .ifPresent(lock -> {
                    try {
                        int raised = raise(LocalDate.ofInstant(now, ZoneOffset.UTC));
                        log.info("Raised {} Tasks for overdue follow-up contacts", raised);
                    } catch (RuntimeException e) {
                        log.warn("The daily follow-up pass failed; it runs again tomorrow", e);
                    } finally {
                        lock.unlock();
                    }
                });
    }

    private static Date date(LocalDate day) {
        return Date.from(day.atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    @Override
    public synchronized void start() {
        scheduler = BackgroundThreads.scheduler("follow-up", 1);
        daily = scheduler.schedule(
                this::runToday,
                new CronTrigger(
                        "0 " + settings.dailyAt().getMinute() + " "
                                + settings.dailyAt().getHour() + " * * *",
                        ZoneOffset.UTC));
    }

    @Override
    public synchronized void stop() {
        if (scheduler != null) {
            daily.cancel(false);
            scheduler.shutdown();
            scheduler = null;
            daily = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return scheduler != null;
    }
}
