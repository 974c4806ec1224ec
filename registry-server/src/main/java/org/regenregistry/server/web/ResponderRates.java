package org.regenregistry.server.web;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.regenregistry.server.results.TrialResults;

/**
 * The reported counts of participants of a trial's pain and function measures (responders, improved, pain-free) as
 * shares of the participants analysed in each group. The registry reads the count as reported; what made a responder
 * is in the measure's title.
 */
final class ResponderRates {

    private static final Set<String> COUNTS = Set.of("count-of-participants", "number");

    private ResponderRates() {}

    static List<Rate> of(TrialResults.Summary summary) {
        return summary.measures().stream()
                .filter(measure -> "pain".equals(measure.domain()) || "function".equals(measure.domain()))
                .flatMap(measure -> measure.groups().stream()
                        .filter(value -> COUNTS.contains(value.statistic())
                                && value.value() != null
                                && value.analysed() != null
                                && value.analysed().signum() > 0
                                && value.unit() != null
                                && value.unit().toLowerCase(Locale.ROOT).contains("participant"))
                        .map(value -> new Rate(
                                measure.title(),
                                measure.timeFrame(),
                                value.group(),
                                value.row(),
                                value.value(),
                                value.analysed(),
                                value.value()
                                        .multiply(BigDecimal.valueOf(100))
                                        .divide(value.analysed(), 1, RoundingMode.HALF_UP))))
                .toList();
    }

    /** Of {@code analysed} participants of a group, {@code count} were counted in the row ({@code percent}). */
    record Rate(
            String measure,
            String timeFrame,
            String group,
            String row,
            BigDecimal count,
            BigDecimal analysed,
            BigDecimal percent) {}
}
