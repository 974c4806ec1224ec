package org.regenregistry.server.followup;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where a subject's follow-up stands on a day: each expected contact made on time, missed, due or still to come, and
 * the subject as a whole on track, due, overdue, lost to follow-up or complete.
 *
 * <p>A contact is made on time when the subject has a record dated within its window: for a visit an Encounter, for
 * any other contact an Encounter, an Observation or a QuestionnaireResponse. A contact whose window has closed without
 * one is missed. A subject is <em>overdue</em> when the last contact whose window has closed was missed, and
 * <em>lost to follow-up</em> when the last two were and nothing at all was recorded of the subject since the earlier
 * one's window opened. Contacts due after a subject withdrew are not expected.
 */
final class FollowUpAssessment {

    /** What a contact is on the day. */
    enum ContactState {
        DONE,
        MISSED,
        DUE,
        UPCOMING
    }

    /** What the subject's follow-up is on the day. */
    enum SubjectState {
        ON_TRACK,
        DUE,
        OVERDUE,
        LOST,
        COMPLETE
    }

    /**
     * A record of the subject: an Encounter, Observation or QuestionnaireResponse, and its day.
     *
     * @param type the resource type
     * @param day its day (period start, effective or authored)
     */
    record Contact(String type, LocalDate day) {
        boolean encounter() {
            return "Encounter".equals(type);
        }
    }

    /**
     * A contact as assessed.
     *
     * @param expected the expected contact
     * @param state its state on the day
     * @param madeOn the day of the record that made it, or null
     */
    record Assessed(ExpectedContact expected, ContactState state, LocalDate madeOn) {}

    /**
     * A subject's follow-up on a day.
     *
     * @param state the subject's state
     * @param contacts every expected contact, in due order
     * @param lastContact the day of the subject's latest record up to the day, or null
     */
    record Result(SubjectState state, List<Assessed> contacts, LocalDate lastContact) {

        /** Contacts whose window has closed. */
        long closed() {
            return contacts.stream()
                    .filter(contact -> contact.state() == ContactState.DONE || contact.state() == ContactState.MISSED)
                    .count();
        }

        /** Contacts made on time. */
        long done() {
            return contacts.stream()
                    .filter(contact -> contact.state() == ContactState.DONE)
                    .count();
        }
    }

    private FollowUpAssessment() {}

    /**
     * @param withdrawnOn the day the subject withdrew, or null
     * @param records the subject's records, any order, any day (those after {@code asOf} are not seen)
     */
    static Result of(List<ExpectedContact> schedule, LocalDate withdrawnOn, List<Contact> records, LocalDate asOf) {
        List<Contact> seen =
                records.stream().filter(record -> !record.day().isAfter(asOf)).toList();
        List<Assessed> contacts = new ArrayList<>();
        for (ExpectedContact expected : schedule) {
            if (withdrawnOn != null && expected.opens().isAfter(withdrawnOn)) {
                continue;
            }
            Optional<Contact> made = seen.stream()
                    .filter(record -> expected.holds(record.day()))
                    .filter(record -> !expected.needsEncounter() || record.encounter())
                    .min((a, b) -> a.day().compareTo(b.day()));
            ContactState state;
            if (made.isPresent()) {
                state = ContactState.DONE;
            } else if (asOf.isAfter(expected.closes())) {
                state = ContactState.MISSED;
            } else if (!asOf.isBefore(expected.opens())) {
                state = ContactState.DUE;
            } else {
                state = ContactState.UPCOMING;
            }
            contacts.add(new Assessed(expected, state, made.map(Contact::day).orElse(null)));
        }
        LocalDate last =
                seen.stream().map(Contact::day).max(LocalDate::compareTo).orElse(null);
        return new Result(state(contacts, last), List.copyOf(contacts), last);
    }

    private static SubjectState state(List<Assessed> contacts, LocalDate last) {
        List<Assessed> closed = contacts.stream()
                .filter(contact -> contact.state() == ContactState.DONE || contact.state() == ContactState.MISSED)
                .toList();
        if (!closed.isEmpty() && closed.get(closed.size() - 1).state() == ContactState.MISSED) {
            if (closed.size() >= 2) {
                Assessed earlier = closed.get(closed.size() - 2);
                if (earlier.state() == ContactState.MISSED
                        && (last == null || last.isBefore(earlier.expected().opens()))) {
                    return SubjectState.LOST;
                }
            }
            return SubjectState.OVERDUE;
        }
        if (contacts.stream().anyMatch(contact -> contact.state() == ContactState.DUE)) {
            return SubjectState.DUE;
        }
        if (contacts.stream().noneMatch(contact -> contact.state() == ContactState.UPCOMING) && !closed.isEmpty()) {
            return SubjectState.COMPLETE;
        }
        return SubjectState.ON_TRACK;
    }
}
