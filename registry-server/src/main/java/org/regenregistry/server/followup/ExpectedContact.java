package org.regenregistry.server.followup;

import java.time.LocalDate;

/**
 * A contact a subject's follow-up expects: what, when, and the window within which it counts as on time.
 *
 * @param activity the follow-up-activity code: {@code visit} (in person) or {@code contact} and the rest
 * @param due the day it is due
 * @param opens the first day of its window
 * @param closes the last day of its window
 * @param source {@code plan} (the subject's plan) or {@code guidance} (FDA's long-term follow-up minimum, where the
 *     plan has nothing in that window)
 */
record ExpectedContact(String activity, LocalDate due, LocalDate opens, LocalDate closes, String source) {

    /** Whether {@code day} is within the window. */
    boolean holds(LocalDate day) {
        return !day.isBefore(opens) && !day.isAfter(closes);
    }

    /** Whether the windows of the two contacts share a day. */
    boolean overlaps(ExpectedContact other) {
        return !other.closes.isBefore(opens) && !other.opens.isAfter(closes);
    }

    /** Whether an in-person encounter is needed (a visit), or any record of the subject will do. */
    boolean needsEncounter() {
        return "visit".equals(activity);
    }
}
