package org.regenregistry.server.followup;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The contacts a plan expects: every occurrence of its activities, and, for long-term follow-up after gene therapy,
 * the minimum of FDA's guidance <a
 * href="https://www.fda.gov/regulatory-information/search-fda-guidance-documents/long-term-follow-after-administration-human-gene-therapy-products">Long
 * Term Follow-up After Administration of Human Gene Therapy Products</a> (January 2020) where the plan has nothing in
 * that window: for integrating vectors and genome editing ({@code ltfu-gene-therapy-15y}) a visit every year for the
 * first five years and a contact every year up to fifteen; for the lower-risk products the guidance allows a shorter
 * span for ({@code ltfu-gene-therapy-5y}) a visit every year for five years. A {@code standard} plan expects what it
 * says; cell therapies follow their plan.
 *
 * <p>A contact's window is a sixth of its interval either side of its due day, in whole days of the interval's mean
 * length (a yearly contact ±60 days, a six-monthly one ±30, a monthly one ±5), at least {@value #MIN_WINDOW_DAYS}
 * days; a one-off activity has the minimum.
 */
final class ContactSchedule {

    static final int MIN_WINDOW_DAYS = 3;

    /** The most occurrences one activity may expand to (a daily activity over 15 years is 5,479). */
    static final int MAX_OCCURRENCES = 6000;

    private static final Period YEAR = Period.ofYears(1);

    private ContactSchedule() {}

    static List<ExpectedContact> of(FollowUpPlan plan) {
        List<ExpectedContact> planned = new ArrayList<>();
        for (FollowUpPlan.Activity activity : plan.activities()) {
            planned.addAll(occurrences(activity.code(), activity.first(), activity.last(), activity.every(), "plan"));
        }
        List<ExpectedContact> contacts = new ArrayList<>(planned);
        for (ExpectedContact minimum : guidance(plan)) {
            if (planned.stream().noneMatch(minimum::overlaps)) {
                contacts.add(minimum);
            }
        }
        contacts.sort(Comparator.comparing(ExpectedContact::due).thenComparing(ExpectedContact::activity));
        return List.copyOf(contacts);
    }

    private static List<ExpectedContact> guidance(FollowUpPlan plan) {
        LocalDate start = plan.start();
        return switch (plan.category() == null ? "" : plan.category()) {
            case "ltfu-gene-therapy-15y" -> {
                List<ExpectedContact> minimum =
                        new ArrayList<>(occurrences("visit", start.plusYears(1), start.plusYears(5), YEAR, "guidance"));
                minimum.addAll(occurrences("contact", start.plusYears(6), start.plusYears(15), YEAR, "guidance"));
                yield minimum;
            }
            case "ltfu-gene-therapy-5y" -> occurrences(
                    "visit", start.plusYears(1), start.plusYears(5), YEAR, "guidance");
            default -> List.of();
        };
    }

    private static List<ExpectedContact> occurrences(
            String activity, LocalDate first, LocalDate last, Period every, String source) {
        List<ExpectedContact> occurrences = new ArrayList<>();
        int half = every == null ? MIN_WINDOW_DAYS : Math.max(MIN_WINDOW_DAYS, (int) (days(every) / 6));
        for (int n = 0; n < MAX_OCCURRENCES; n++) {
            LocalDate due = every == null ? first : first.plus(every.multipliedBy(n));
            if (last != null && due.isAfter(last)) {
                break;
            }
            occurrences.add(new ExpectedContact(activity, due, due.minusDays(half), due.plusDays(half), source));
            if (every == null || last == null) {
                break;
            }
        }
        return occurrences;
    }

    /** The interval's mean length in days (a year 365.2425, a month a twelfth of it), the same for every year. */
    private static double days(Period every) {
        return every.getYears() * 365.2425 + every.getMonths() * 365.2425 / 12 + every.getDays();
    }
}
