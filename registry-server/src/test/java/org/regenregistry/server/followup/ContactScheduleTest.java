package org.regenregistry.server.followup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.Period;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContactScheduleTest {

    private static final LocalDate TREATED = LocalDate.of(2026, 5, 18);

    private static FollowUpPlan plan(String category, FollowUpPlan.Activity... activities) {
        return new FollowUpPlan("p", "t", "Patient/1", "site", category, TREATED, List.of(activities));
    }

    @Test
    void integratingGeneTherapyIsFollowedForFifteenYears() {
        List<ExpectedContact> schedule = ContactSchedule.of(plan("ltfu-gene-therapy-15y"));
        assertThat(schedule).hasSize(15);
        assertThat(schedule.subList(0, 5))
                .allSatisfy(contact -> assertThat(contact.activity()).isEqualTo("visit"));
        assertThat(schedule.subList(5, 15))
                .allSatisfy(contact -> assertThat(contact.activity()).isEqualTo("contact"));
        assertThat(schedule.get(0).due()).isEqualTo(LocalDate.of(2027, 5, 18));
        assertThat(schedule.get(14).due()).isEqualTo(LocalDate.of(2041, 5, 18));
        assertThat(schedule).allSatisfy(contact -> assertThat(contact.source()).isEqualTo("guidance"));
        // a yearly contact: a sixth of a year either side
        assertThat(schedule.get(0).opens()).isEqualTo(LocalDate.of(2027, 5, 18).minusDays(60));
        assertThat(schedule.get(0).closes()).isEqualTo(LocalDate.of(2027, 5, 18).plusDays(60));
    }

    @Test
    void thePlanCountsWhereItCoversTheGuidanceAndTheGuidanceFillsItsGaps() {
        // the example's plan: yearly visits 2027-2031, yearly contacts 2032-2041, as the guidance asks
        List<ExpectedContact> example = ContactSchedule.of(plan(
                "ltfu-gene-therapy-15y",
                new FollowUpPlan.Activity("visit", TREATED.plusYears(1), TREATED.plusYears(5), Period.ofYears(1)),
                new FollowUpPlan.Activity("contact", TREATED.plusYears(6), TREATED.plusYears(15), Period.ofYears(1))));
        assertThat(example).hasSize(15).allSatisfy(contact -> assertThat(contact.source())
                .isEqualTo("plan"));

        // a plan that stops after three years: the guidance adds years 4-15
        List<ExpectedContact> short_ = ContactSchedule.of(plan(
                "ltfu-gene-therapy-15y",
                new FollowUpPlan.Activity("visit", TREATED.plusMonths(6), TREATED.plusYears(3), Period.ofMonths(6))));
        assertThat(short_.stream().filter(contact -> contact.source().equals("plan")))
                .hasSize(6);
        assertThat(short_.stream().filter(contact -> contact.source().equals("guidance")))
                .extracting(ExpectedContact::due)
                .startsWith(TREATED.plusYears(4))
                .endsWith(TREATED.plusYears(15))
                .hasSize(12);
    }

    @Test
    void aStandardPlanExpectsWhatItSays() {
        List<ExpectedContact> schedule = ContactSchedule.of(plan(
                "standard",
                new FollowUpPlan.Activity(
                        "pain-assessment", TREATED.plusMonths(1), TREATED.plusMonths(12), Period.ofMonths(3)),
                new FollowUpPlan.Activity("imaging", TREATED.plusMonths(12), null, null)));
        assertThat(schedule)
                .extracting(ExpectedContact::due)
                .containsExactly(
                        TREATED.plusMonths(1),
                        TREATED.plusMonths(4),
                        TREATED.plusMonths(7),
                        TREATED.plusMonths(10),
                        TREATED.plusMonths(12));
        ExpectedContact imaging = schedule.get(4);
        assertThat(imaging.activity()).isEqualTo("imaging");
        assertThat(imaging.closes()).isEqualTo(imaging.due().plusDays(ContactSchedule.MIN_WINDOW_DAYS));
        assertThat(ContactSchedule.of(plan("ltfu-gene-therapy-5y"))).hasSize(5);
    }
}
