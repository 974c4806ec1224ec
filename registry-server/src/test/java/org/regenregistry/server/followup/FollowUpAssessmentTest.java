package org.regenregistry.server.followup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.regenregistry.server.followup.FollowUpAssessment.Contact;
import org.regenregistry.server.followup.FollowUpAssessment.ContactState;
import org.regenregistry.server.followup.FollowUpAssessment.SubjectState;

/** A gene-therapy subject followed through fifteen simulated years. */
class FollowUpAssessmentTest {

    private static final LocalDate TREATED = LocalDate.of(2026, 5, 18);
    private static final List<ExpectedContact> FIFTEEN_YEARS = ContactSchedule.of(
            new FollowUpPlan("p", "t", "Patient/1", "site", "ltfu-gene-therapy-15y", TREATED, List.of()));

    @Test
    void fifteenYearsOfVisitsContactsLapsesAndReturns() {
        List<Contact> records = new ArrayList<>();
        // years 1-5: visits a week late (in the window), except year 3, which is a phone call (not a visit)
        for (int year = 1; year <= 5; year++) {
            records.add(new Contact(
                    year == 3 ? "Observation" : "Encounter",
                    TREATED.plusYears(year).plusDays(7)));
        }
        assertThat(state(records, TREATED.plusMonths(6))).isEqualTo(SubjectState.ON_TRACK);
        assertThat(state(records, TREATED.plusYears(1).minusDays(30))).isEqualTo(SubjectState.DUE);
        assertThat(state(records, TREATED.plusYears(3).plusDays(61)))
                .as("year 3 needed a visit")
                .isEqualTo(SubjectState.OVERDUE);
        assertThat(state(records, TREATED.plusYears(4).plusDays(61))).isEqualTo(SubjectState.ON_TRACK);

        // years 6-12: yearly contacts by questionnaire; years 13 and 14 missed with nothing recorded
        for (int year = 6; year <= 12; year++) {
            records.add(
                    new Contact("QuestionnaireResponse", TREATED.plusYears(year).minusDays(20)));
        }
        FollowUpAssessment.Result lapsed = FollowUpAssessment.of(
                FIFTEEN_YEARS, null, records, TREATED.plusYears(13).plusDays(61));
        assertThat(lapsed.state()).isEqualTo(SubjectState.OVERDUE);
        assertThat(state(records, TREATED.plusYears(14).plusDays(61))).isEqualTo(SubjectState.LOST);

        // the subject comes back in year 15: no longer lost, and the follow-up is complete after its window
        records.add(new Contact("Encounter", TREATED.plusYears(15)));
        FollowUpAssessment.Result end = FollowUpAssessment.of(FIFTEEN_YEARS, null, records, TREATED.plusYears(16));
        assertThat(end.state()).isEqualTo(SubjectState.COMPLETE);
        assertThat(end.closed()).isEqualTo(15);
        assertThat(end.done()).as("all but year 3, 13 and 14").isEqualTo(12);
        assertThat(end.contacts().get(2).state()).isEqualTo(ContactState.MISSED);
        assertThat(end.contacts().get(0).madeOn())
                .isEqualTo(TREATED.plusYears(1).plusDays(7));
    }

    @Test
    void aWithdrawnSubjectIsNotExpectedAfterward() {
        FollowUpAssessment.Result withdrawn = FollowUpAssessment.of(
                FIFTEEN_YEARS,
                TREATED.plusYears(2).plusMonths(6),
                List.of(new Contact("Encounter", TREATED.plusYears(1)), new Contact("Encounter", TREATED.plusYears(2))),
                TREATED.plusYears(10));
        assertThat(withdrawn.contacts()).hasSize(2);
        assertThat(withdrawn.state()).isEqualTo(SubjectState.COMPLETE);
    }

    @Test
    void recordsAfterTheDayAreNotSeen() {
        List<Contact> later = List.of(new Contact("Encounter", TREATED.plusYears(1)));
        assertThat(FollowUpAssessment.of(
                                FIFTEEN_YEARS, null, later, TREATED.plusYears(1).minusDays(1))
                        .lastContact())
                .isNull();
    }

    private static SubjectState state(List<Contact> records, LocalDate asOf) {
        return FollowUpAssessment.of(FIFTEEN_YEARS, null, records, asOf).state();
    }
}
