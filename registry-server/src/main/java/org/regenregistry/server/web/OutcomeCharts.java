package org.regenregistry.server.web;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.regenregistry.server.results.ReportedTime;
import org.regenregistry.server.results.TrialResults;

/**
 * A trial's reported pain and function outcomes as charts: one chart per measure, its groups (arms) as series over the
 * measure's time points, each point the reported central value with its 95% confidence interval. A results summary
 * often registers each time point as a measure of its own ("VAS for Leg Pain - 3rd Month", "... - 6th Month"): those
 * are one chart, joined by the title left when the time is taken out of it. The geometry is computed here and drawn
 * as SVG by the page's template, so the chart needs no script and its numbers are in the page for anyone to read.
 */
final class OutcomeCharts {

    static final int WIDTH = 640;
    static final int HEIGHT = 300;
    static final int LEFT = 64;
    static final int RIGHT = 16;
    static final int TOP = 16;
    static final int BOTTOM = 40;

    /** Okabe-Ito colours: told apart with every common colour-vision deficiency. */
    static final List<String> COLOURS = List.of("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#8F6800", "#3E7CA6");

    /** Reported values a chart of levels or changes can show; counts and numbers are not on the same scale. */
    static final Set<String> CENTRAL =
            Set.of("mean", "least-squares-mean", "median", "geometric-mean", "geometric-least-squares-mean");

    /** 97.5th percentile of the standard normal distribution, for a 95% interval from a standard deviation or error. */
    static final double Z_975 = 1.959963984540054;

    private OutcomeCharts() {}

    /** The charts of a results summary, in the order their measures were reported. */
    static List<Chart> of(TrialResults.Summary summary) {
        Map<String, List<Reading>> byChart = new LinkedHashMap<>();
        Map<String, String> titles = new LinkedHashMap<>();
        for (TrialResults.Measure measure : summary.measures()) {
            if (!"pain".equals(measure.domain()) && !"function".equals(measure.domain())) {
                continue;
            }
            ReportedTime time = ReportedTime.of(measure.title(), measure.timeFrame());
            String stem = time.stem();
            for (TrialResults.GroupValue value : measure.groups()) {
                if (value.value() == null || !CENTRAL.contains(value.statistic())) {
                    continue;
                }
                String key = stem.toLowerCase(Locale.ROOT) + "|" + value.unit() + "|" + measure.domain();
                titles.putIfAbsent(key, stem);
                byChart.computeIfAbsent(key, k -> new ArrayList<>()).add(new Reading(measure, time, value));
            }
        }
        List<Chart> charts = new ArrayList<>();
        byChart.forEach((key, readings) -> charts.add(chart(titles.get(key), readings)));
        return charts;
    }

    private static Chart chart(String title, List<Reading> readings) {
        List<ReportedTime> times = readings.stream()
                .map(Reading::time)
                .distinct()
                .sorted(Comparator.comparingDouble(ReportedTime::weeks))
                .toList();
        Map<String, List<Reading>> bySeries = new LinkedHashMap<>();
        readings.forEach(reading -> bySeries.computeIfAbsent(reading.series(), k -> new ArrayList<>())
                .add(reading));
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (Reading reading : readings) {
            double[] interval = reading.interval().orElse(new double[] {reading.central(), reading.central()});
            low = Math.min(low, Math.min(reading.central(), interval[0]));
            high = Math.max(high, Math.max(reading.central(), interval[1]));
        }
        Scale scale = Scale.of(Math.min(low, 0), Math.max(high, 0));
        double plotWidth = WIDTH - LEFT - RIGHT;
        double slot = plotWidth / times.size();
        List<Series> series = new ArrayList<>();
        int index = 0;
        for (Map.Entry<String, List<Reading>> entry : bySeries.entrySet()) {
            double dodge = (index - (bySeries.size() - 1) / 2.0) * Math.min(10, slot / (bySeries.size() + 1));
            List<Point> points = new ArrayList<>();
            for (Reading reading : entry.getValue()) {
                double x = LEFT + (times.indexOf(reading.time()) + 0.5) * slot + dodge;
                Optional<double[]> interval = reading.interval();
                points.add(new Point(
                        reading.time().label(),
                        reading.measure().title(),
                        reading.measure().timeFrame(),
                        reading.value().statistic(),
                        reading.value().value(),
                        interval.map(bounds -> round(bounds[0])).orElse(null),
                        interval.map(bounds -> round(bounds[1])).orElse(null),
                        reading.intervalSource(),
                        reading.value().analysed(),
                        round1(x),
                        round1(scale.y(reading.central())),
                        interval.map(bounds -> round1(scale.y(bounds[0]))).orElse(null),
                        interval.map(bounds -> round1(scale.y(bounds[1]))).orElse(null)));
            }
            points.sort(Comparator.comparingDouble(Point::x));
            StringBuilder line = new StringBuilder();
            points.forEach(point -> line.append(line.isEmpty() ? "" : " ")
                    .append(point.x())
                    .append(',')
                    .append(point.y()));
            series.add(new Series(entry.getKey(), COLOURS.get(index % COLOURS.size()), points, line.toString()));
            index++;
        }
        List<Label> xLabels = new ArrayList<>();
        for (int i = 0; i < times.size(); i++) {
            xLabels.add(new Label(times.get(i).label(), round1(LEFT + (i + 0.5) * slot)));
        }
        Reading first = readings.get(0);
        return new Chart(
                title,
                first.measure().domain(),
                first.value().unit(),
                xLabels,
                scale.ticks(),
                round1(scale.y(0)),
                series);
    }

    private static BigDecimal round(double value) {
        return new BigDecimal(value, new MathContext(4));
    }

    private static double round1(double value) {
        return Math.round(value * 10) / 10.0;
    }

    /** One group's value at one time point of a chart. */
    private record Reading(TrialResults.Measure measure, ReportedTime time, TrialResults.GroupValue value) {

        String series() {
            return value.row() == null ? value.group() : value.group() + " \u2013 " + value.row();
        }

        double central() {
            return value.value().doubleValue();
        }

        /** The reported confidence interval, else one from the standard deviation and n, else from the error. */
        Optional<double[]> interval() {
            Map<String, BigDecimal> dispersion = value.dispersion();
            BigDecimal lower = dispersion.get("ci-lower");
            BigDecimal upper = dispersion.get("ci-upper");
            if (lower != null && upper != null) {
                return Optional.of(new double[] {lower.doubleValue(), upper.doubleValue()});
            }
            BigDecimal sd = dispersion.get("standard-deviation");
            if (sd != null && value.analysed() != null && value.analysed().signum() > 0) {
                return Optional.of(
                        around(sd.doubleValue() / Math.sqrt(value.analysed().doubleValue())));
            }
            BigDecimal se = dispersion.get("standard-error");
            return se == null ? Optional.empty() : Optional.of(around(se.doubleValue()));
        }

        String intervalSource() {
            Map<String, BigDecimal> dispersion = value.dispersion();
            if (dispersion.containsKey("ci-lower") && dispersion.containsKey("ci-upper")) {
                return "reported";
            }
            if (dispersion.containsKey("standard-deviation")
                    && value.analysed() != null
                    && value.analysed().signum() > 0) {
                return "from SD and n";
            }
            return dispersion.containsKey("standard-error") ? "from SE" : "none";
        }

        private double[] around(double standardError) {
            return new double[] {central() - Z_975 * standardError, central() + Z_975 * standardError};
        }
    }

    /** The value axis: from below the lowest interval to above the highest, in round steps. */
    private record Scale(double min, double max, double step) {

        static Scale of(double low, double high) {
            if (high - low < 1e-9) {
                low -= 1;
                high += 1;
            }
            double raw = (high - low) / 5;
            double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
            double step = magnitude;
            for (double multiple : new double[] {1, 2, 2.5, 5, 10}) {
                step = multiple * magnitude;
                if (step >= raw) {
                    break;
                }
            }
            return new Scale(Math.floor(low / step) * step, Math.ceil(high / step) * step, step);
        }

        double y(double value) {
            return TOP + (max - value) / (max - min) * (HEIGHT - TOP - BOTTOM);
        }

        List<Label> ticks() {
            List<Label> ticks = new ArrayList<>();
            int count = (int) Math.round((max - min) / step);
            for (int i = 0; i <= count; i++) {
                double value = min + i * step;
                ticks.add(new Label(
                        BigDecimal.valueOf(value)
                                .round(new MathContext(6))
                                .stripTrailingZeros()
                                .toPlainString(),
                        round1(y(value))));
            }
            return ticks;
        }
    }

    /**
     * A chart: its x labels are the time points in order, its series the groups.
     *
     * @param zeroY where the zero line is drawn: every axis includes zero, so a change from baseline is read against
     *     no change and a score against the scale's floor
     */
    record Chart(
            String title,
            String domain,
            String unit,
            List<Label> times,
            List<Label> ticks,
            double zeroY,
            List<Series> series) {

        public int width() {
            return WIDTH;
        }

        public int height() {
            return HEIGHT;
        }

        public int plotLeft() {
            return LEFT;
        }

        public int plotRight() {
            return WIDTH - RIGHT;
        }

        public int plotBottom() {
            return HEIGHT - BOTTOM;
        }
    }

    /** A group's points, joined by a line ({@code path}: SVG polyline points). */
    record Series(String group, String colour, List<Point> points, String path) {}

    /**
     * One reported value, with its interval and where the interval came from ({@code reported}, {@code from SD and
     * n}, {@code from SE} or {@code none}), and its place in the chart.
     */
    record Point(
            String time,
            String measure,
            String timeFrame,
            String statistic,
            BigDecimal value,
            BigDecimal low,
            BigDecimal high,
            String intervalSource,
            BigDecimal analysed,
            double x,
            double y,
            Double yLow,
            Double yHigh) {}

    /** A label on an axis and where it goes. */
    record Label(String text, double at) {}
}
