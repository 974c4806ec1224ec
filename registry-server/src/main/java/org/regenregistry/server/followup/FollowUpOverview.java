package org.regenregistry.server.followup;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** What the signed-in pages show of follow-up: today's overdue and lost subjects of a trial or site, or of all. */
@Component
public class FollowUpOverview {

    private final FollowUpRecords records;
    private final Clock clock = Clock.systemUTC();

    FollowUpOverview(FollowUpRecords records) {
        this.records = records;
    }

    /**
     * A subject overdue or lost today.
     *
     * @param site the site
     * @param trial the trial
     * @param patient the subject's Patient
     * @param state {@code overdue} or {@code lost}
     * @param missed the contacts missed ({@code visit 2027-05-18; ...})
     * @param lastContact the subject's latest record, or null
     * @param daysOverdue days since the last missed contact's window closed
     */
    public record OverdueSubject(
            String site,
            String trial,
            String patient,
            String state,
            String missed,
            LocalDate lastContact,
            long daysOverdue) {}

    /**
     * Today's overdue and lost subjects.
     *
     * @param subjects the subjects, by site, most overdue first
     * @param refused why they could not be listed (more plans than one report reads), or null
     */
    public record Overdue(List<OverdueSubject> subjects, String refused) {}

    public Overdue overdue(String trial, String site) {
        LocalDate today = LocalDate.now(clock);
        try {
            return new Overdue(
                    FollowUpReport.overdue(FollowUpReport.assess(records.read(trial, site), today), today).stream()
                            .map(listed -> new OverdueSubject(
                                    listed.site(),
                                    listed.trial(),
                                    listed.patient(),
                                    listed.state().name().toLowerCase(Locale.ROOT),
                                    listed.missed().stream()
                                            .map(missed -> missed.activity() + " " + missed.due())
                                            .collect(Collectors.joining("; ")),
                                    listed.lastContact(),
                                    listed.daysOverdue()))
                            .toList(),
                    null);
        } catch (IllegalArgumentException e) {
            return new Overdue(List.of(), e.getMessage());
        }
    }
}
