package org.regenregistry.server.followup;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.regenregistry.server.followup.FollowUpAssessment.ContactState;
import org.regenregistry.server.followup.FollowUpAssessment.SubjectState;

/**
 * Follow-up across subjects on a day: the overdue and lost subjects per site (the regulators' report) and compliance,
 * the share of expected contacts whose window has closed that were made on time, per trial and per site.
 */
final class FollowUpReport {

    private FollowUpReport() {}

    /**
     * A subject as the report lists it.
     *
     * @param site the site
     * @param trial the trial
     * @param patient the subject's Patient
     * @param plan the follow-up plan
     * @param category its follow-up category
     * @param state overdue or lost (or any state, in the full list)
     * @param missed the contacts missed, in due order
     * @param lastContact the subject's latest record, or null
     * @param daysOverdue days since the window of the last missed contact closed
     */
    record Listed(
            String site,
            String trial,
            String patient,
            String plan,
            String category,
            SubjectState state,
            List<Missed> missed,
            LocalDate lastContact,
            long daysOverdue) {}

    /** A missed contact. */
    record Missed(String activity, LocalDate due, LocalDate closes) {}

    /**
     * Compliance of a group of subjects (a trial or a site).
     *
     * @param key the trial's or the site's id
     * @param subjects subjects with a plan
     * @param closed expected contacts whose window has closed
     * @param onTime of those, made on time
     * @param share {@code onTime / closed}, null before any window has closed
     * @param states how many subjects are in each state
     */
    record Compliance(
            String key, int subjects, long closed, long onTime, Double share, Map<SubjectState, Integer> states) {}

    /** Every subject assessed on {@code asOf}. */
    record Assessed(FollowUpRecords.Subject subject, FollowUpAssessment.Result result) {}

    static List<Assessed> assess(List<FollowUpRecords.Subject> subjects, LocalDate asOf) {
        return subjects.stream()
                .map(subject -> new Assessed(
                        subject,
                        FollowUpAssessment.of(
                                ContactSchedule.of(subject.plan()), subject.withdrawnOn(), subject.contacts(), asOf)))
                .toList();
    }

    /** The overdue and lost subjects, by site, most overdue first. */
    static List<Listed> overdue(List<Assessed> assessed, LocalDate asOf) {
        return assessed.stream()
                .filter(subject -> subject.result().state() == SubjectState.OVERDUE
                        || subject.result().state() == SubjectState.LOST)
                .map(subject -> listed(subject, asOf))
                .sorted(Comparator.comparing((Listed listed) -> String.valueOf(listed.site()))
                        .thenComparing(
                                Comparator.comparingLong(Listed::daysOverdue).reversed())
                        .thenComparing(Listed::plan))
                .toList();
    }

    static List<Compliance> byTrial(List<Assessed> assessed) {
        return compliance(assessed, subject -> subject.subject().plan().trial());
    }

    static List<Compliance> bySite(List<Assessed> assessed) {
        return compliance(assessed, subject -> subject.subject().plan().site());
    }

    private static List<Compliance> compliance(List<Assessed> assessed, Function<Assessed, String> key) {
        Map<String, List<Assessed>> groups = new TreeMap<>();
        assessed.forEach(subject -> groups.computeIfAbsent(String.valueOf(key.apply(subject)), k -> new ArrayList<>())
                .add(subject));
        List<Compliance> compliance = new ArrayList<>();
        groups.forEach((group, members) -> {
            long closed = members.stream()
                    .mapToLong(subject -> subject.result().closed())
                    .sum();
            long onTime = members.stream()
                    .mapToLong(subject -> subject.result().done())
                    .sum();
            Map<SubjectState, Integer> states = new EnumMap<>(SubjectState.class);
            for (SubjectState state : SubjectState.values()) {
                states.put(state, 0);
            }
            members.forEach(subject -> states.merge(subject.result().state(), 1, Integer::sum));
            compliance.add(new Compliance(
                    group, members.size(), closed, onTime, closed == 0 ? null : (double) onTime / closed, states));
        });
        return compliance;
    }

    private static Listed listed(Assessed subject, LocalDate asOf) {
        List<Missed> missed = subject.result().contacts().stream()
                .filter(contact -> contact.state() == ContactState.MISSED)
                .map(contact -> new Missed(
                        contact.expected().activity(),
                        contact.expected().due(),
                        contact.expected().closes()))
                .toList();
        FollowUpPlan plan = subject.subject().plan();
        return new Listed(
                plan.site(),
                plan.trial(),
                plan.patient(),
                plan.plan(),
                plan.category(),
                subject.result().state(),
                missed,
                subject.result().lastContact(),
                missed.isEmpty()
                        ? 0
                        : ChronoUnit.DAYS.between(missed.get(missed.size() - 1).closes(), asOf));
    }
}
