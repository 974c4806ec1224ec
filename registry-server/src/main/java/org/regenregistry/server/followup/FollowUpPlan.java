package org.regenregistry.server.followup;

import java.time.LocalDate;
import java.time.Period;
import java.util.List;

/**
 * A subject's follow-up plan as the schedule reads it.
 *
 * @param plan the CarePlan's id
 * @param trial the trial's id
 * @param patient the subject's Patient reference ({@code Patient/123})
 * @param site the site the plan belongs to (its security label), or null
 * @param category the follow-up-category code ({@code standard}, {@code ltfu-gene-therapy-5y}, {@code
 *     ltfu-gene-therapy-15y})
 * @param start the day follow-up counts from (the plan's period.start: the treatment)
 * @param activities the plan's scheduled activities
 */
record FollowUpPlan(
        String plan,
        String trial,
        String patient,
        String site,
        String category,
        LocalDate start,
        List<Activity> activities) {

    /**
     * An activity repeated from {@code first} to {@code last} every {@code every} (a CarePlan activity's
     * scheduledTiming.repeat: boundsPeriod, and frequency 1 per period and periodUnit), or once on {@code first}
     * ({@code every} null).
     *
     * @param code the follow-up-activity code (visit, contact, pain-assessment ...)
     * @param first the first due day
     * @param last the last day an occurrence may fall on
     * @param every the interval, or null for one occurrence
     */
    record Activity(String code, LocalDate first, LocalDate last, Period every) {}
}
