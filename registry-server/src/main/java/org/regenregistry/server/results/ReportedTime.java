package org.regenregistry.server.results;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a measure was taken, read from its title or else its time frame ("VAS for Leg Pain - 6th Month", "at 12
 * Months", "Baseline"), and the title without it.
 *
 * @param weeks when, in weeks from the start: 0 for the baseline, {@link Double#MAX_VALUE} when the record does not say
 * @param label how a chart labels it ("Month 12")
 * @param stem the title without the time
 */
public record ReportedTime(double weeks, String label, String stem) {

    private static final Pattern TIME = Pattern.compile(
            "(\\d+(?:\\.\\d+)?)\\s*(?:st|nd|rd|th)?\\s*(day|week|month|year)s?\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern CONNECTOR =
            Pattern.compile("(\\s+(in|at|after|from|to)|\\s*[-\u2013:,(])+\\s*$", Pattern.CASE_INSENSITIVE);

    /** The time of a measure titled {@code title} with the time frame {@code timeFrame} (either may be null). */
    public static ReportedTime of(String title, String timeFrame) {
        Optional<MatchResult> inTitle = last(title);
        Optional<MatchResult> found = inTitle.or(() -> last(timeFrame));
        String stem = inTitle.map(
                        match -> clean(title.substring(0, match.start()) + " " + title.substring(match.end())))
                .orElse(title);
        if (found.isPresent()) {
            MatchResult match = found.get();
            double amount = Double.parseDouble(match.amount());
            String unit = match.unit().toLowerCase(Locale.ROOT);
            double weeks =
                    switch (unit) {
                        case "day" -> amount / 7;
                        case "week" -> amount;
                        case "month" -> amount * 52.1775 / 12;
                        default -> amount * 52.1775;
                    };
            String number = match.amount().endsWith(".0")
                    ? match.amount().substring(0, match.amount().length() - 2)
                    : match.amount();
            return new ReportedTime(
                    weeks, Character.toUpperCase(unit.charAt(0)) + unit.substring(1) + " " + number, stem);
        }
        if ((timeFrame != null && timeFrame.toLowerCase(Locale.ROOT).contains("baseline"))
                || title.toLowerCase(Locale.ROOT).contains("baseline")) {
            return new ReportedTime(0, "Baseline", stem);
        }
        return new ReportedTime(Double.MAX_VALUE, timeFrame == null ? "Reported" : timeFrame, stem);
    }

    private static Optional<MatchResult> last(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher matcher = TIME.matcher(text);
        MatchResult last = null;
        while (matcher.find()) {
            last = new MatchResult(matcher.start(), matcher.end(), matcher.group(1), matcher.group(2));
        }
        return Optional.ofNullable(last);
    }

    private static String clean(String text) {
        String trimmed = text.replaceAll("\\s+", " ").trim();
        String previous;
        do {
            previous = trimmed;
            trimmed = CONNECTOR.matcher(trimmed).replaceAll("").trim();
        } while (!trimmed.equals(previous));
        return trimmed.isEmpty() ? text.trim() : trimmed;
    }

    private record MatchResult(int start, int end, String amount, String unit) {}
}
