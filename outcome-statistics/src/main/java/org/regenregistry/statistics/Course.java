package org.regenregistry.statistics;

import java.time.LocalDate;
import java.util.List;

/**
 * One subject's scores on one instrument in a trial, with what the summary needs to know of the subject.
 *
 * @param subject the subject's id
 * @param arm the arm the subject was assigned to
 * @param start the day the subject started in the trial (day 0)
 * @param withdrawn whether the subject has withdrawn or left the study
 * @param scores the subject's scores, in any order
 */
public record Course(String subject, String arm, LocalDate start, boolean withdrawn, List<Score> scores) {

    /**
     * A score on a day.
     *
     * @param date when it was taken
     * @param value the score
     */
    public record Score(LocalDate date, double value) {}
}
