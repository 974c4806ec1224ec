package org.regenregistry.server.outcomes;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.regenregistry.server.results.ReportedTime;
import org.regenregistry.server.results.TrialResults;
import org.regenregistry.statistics.ArmChanges;
import org.regenregistry.statistics.Sample;
import org.regenregistry.statistics.TimePoint;

/**
 * The changes from baseline a trial registered (imported from ClinicalTrials.gov results, stored as rr-result-summary
 * Observations), for a trial whose subjects' scores the registry does not hold: each pain or function measure whose
 * title or time frame says it is a change from baseline, at a time that falls within a standard time point's window,
 * with each group's mean (or least-squares mean), number analysed and a dispersion that gives the SD (the SD; the
 * standard error; a 95% confidence interval). Final values, medians and ranges are left to the results page: they
 * are no change from baseline, or give no SD.
 *
 * <p>A registered measure names no coded instrument, so it is its own instrument (a key from its title, which only the
 * same title shares: a mean difference is never taken across scales a title cannot vouch for); its direction is
 * lower-is-better but for the scales where a higher score is better (KOOS, HOOS, SF-36, SF-12, EQ-5D).
 */
final class RegisteredChanges {

    private static final Set<String> MEANS = Set.of("mean", "least-squares-mean");
    private static final Pattern CHANGE = Pattern.compile("\\bchange", Pattern.CASE_INSENSITIVE);
    private static final Pattern HIGHER_IS_BETTER =
            Pattern.compile("\\b(KOOS|HOOS|SF-?36|SF-?12|EQ-?5D)\\b", Pattern.CASE_INSENSITIVE);

    private RegisteredChanges() {}

    /**
     * A registered arm at a time point, as a summary row holds it.
     *
     * @param key the measure's key (its instrument in the summary table)
     * @param name the measure's title without the time
     * @param domain pain or function
     * @param lowerIsBetter which way is better
     * @param armType the arm's type, where a trial arm has the group's name
     * @param arm the group at the time point
     */
    record Registered(
            String key, String name, String domain, boolean lowerIsBetter, String armType, ArmChanges.Arm arm) {}

    static List<Registered> of(TrialResults.Summary summary, Map<String, String> armTypes) {
        List<Registered> registered = new ArrayList<>();
        for (TrialResults.Measure measure : summary.measures()) {
            if (!"pain".equals(measure.domain()) && !"function".equals(measure.domain())) {
                continue;
            }
            if (!CHANGE.matcher(measure.title()).find()
                    && (measure.timeFrame() == null
                            || !CHANGE.matcher(measure.timeFrame()).find())) {
                continue;
            }
            ReportedTime time = ReportedTime.of(measure.title(), measure.timeFrame());
            Optional<TimePoint> point = TimePoint.STANDARD.stream()
                    .filter(standard -> standard.holds(Math.round(time.weeks() * 7)))
                    .findFirst();
            if (point.isEmpty()) {
                continue;
            }
            String name = time.stem();
            String key = key(name);
            boolean lowerIsBetter = !HIGHER_IS_BETTER.matcher(name).find();
            for (TrialResults.GroupValue group : measure.groups()) {
                sample(group)
                        .ifPresent(sample -> registered.add(new Registered(
                                key,
                                name,
                                measure.domain(),
                                lowerIsBetter,
                                type(armTypes, group.group()),
                                new ArmChanges.Arm(
                                        group.group(),
                                        point.get().code(),
                                        sample.n(),
                                        sample.n(),
                                        sample.n(),
                                        0,
                                        0,
                                        Optional.of(sample),
                                        Optional.empty(),
                                        Optional.empty(),
                                        Optional.empty()))));
            }
        }
        return registered;
    }

    /** The group's change as a sample, where its statistic, number analysed and dispersion give one. */
    static Optional<Sample> sample(TrialResults.GroupValue group) {
        if (!MEANS.contains(group.statistic()) || group.value() == null || group.analysed() == null) {
            return Optional.empty();
        }
        int n = group.analysed().intValue();
        if (n < 2) {
            return Optional.empty();
        }
        double mean = group.value().doubleValue();
        Map<String, BigDecimal> dispersion = group.dispersion();
        try {
            if (dispersion.containsKey("standard-deviation")) {
                return Optional.of(
                        new Sample(n, mean, dispersion.get("standard-deviation").doubleValue()));
            }
            if (dispersion.containsKey("standard-error")) {
                return Optional.of(Sample.fromStandardError(
                        n, mean, dispersion.get("standard-error").doubleValue()));
            }
            BigDecimal level = dispersion.get("ci-level");
            if (dispersion.containsKey("ci-lower")
                    && dispersion.containsKey("ci-upper")
                    && (level == null || level.doubleValue() == 95)) {
                return Optional.of(Sample.fromInterval(
                        n,
                        mean,
                        dispersion.get("ci-lower").doubleValue(),
                        dispersion.get("ci-upper").doubleValue(),
                        0.95));
            }
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static String type(Map<String, String> armTypes, String group) {
        return armTypes.entrySet().stream()
                .filter(arm -> arm.getKey() != null && arm.getKey().equalsIgnoreCase(group.trim()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }

    /** {@code registered:} and a digest of the lower-cased title: the same title is the same key in every trial. */
    static String key(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(name.trim()
                            .toLowerCase(Locale.ROOT)
                            .replaceAll("\\s+", " ")
                            .getBytes(StandardCharsets.UTF_8));
            return "registered:" + HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
