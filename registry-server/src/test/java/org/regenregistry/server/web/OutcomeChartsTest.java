package org.regenregistry.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.regenregistry.server.results.ReportedTime;
import org.regenregistry.server.results.TrialResults;

class OutcomeChartsTest {

    /** The titles and time frames of NCT01367860's measures, as registered. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "VAS for Leg Pain - 3rd Month|3rd month from surgery|Month 3|VAS for Leg Pain",
                "VAS for Leg Pain - 12th Month|12th month from surgery|Month 12|VAS for Leg Pain",
                "VAS for Lumbar Pain in 3 Months|VAS for Lumbar Pain at 3 Months|Month 3|VAS for Lumbar Pain",
                "Oswestry Disability Index (ODI) - 1st Week|1st week minus baseline|Week 1|Oswestry Disability Index (ODI)",
                "Change From Baseline in WOMAC Pain|Baseline and 12 months|Month 12|Change From Baseline in WOMAC Pain",
                "Pain at rest|Baseline|Baseline|Pain at rest",
                "Pain at rest|End of treatment|End of treatment|Pain at rest"
            })
    void theTimeIsReadFromTheTitleElseTheTimeFrameAndTakenOutOfTheTitle(
            String title, String timeFrame, String label, String stem) {
        ReportedTime time = ReportedTime.of(title, timeFrame);

        assertThat(time.label()).isEqualTo(label);
        assertThat(time.stem()).isEqualTo(stem);
    }

    @Test
    void measuresOfOneTitleAtSeveralTimesAreOneChartWithASeriesPerGroupInTimeOrder() {
        TrialResults.Summary summary = new TrialResults.Summary(
                "t",
                List.of(
                        measure("VAS for Leg Pain - 12th Month", value("A", 2.0, 1.0, 25), value("B", 4.0, 2.0, 25)),
                        measure("VAS for Leg Pain - 1st Week", value("A", 6.0, 2.0, 25), value("B", 6.5, 2.0, 25)),
                        measure("VAS for Leg Pain - 3rd Month", value("A", 3.0, 1.5, 25), value("B", 5.0, 2.0, 25))),
                List.of());

        List<OutcomeCharts.Chart> charts = OutcomeCharts.of(summary);

        assertThat(charts).singleElement().satisfies(chart -> {
            assertThat(chart.title()).isEqualTo("VAS for Leg Pain");
            assertThat(chart.times())
                    .extracting(OutcomeCharts.Label::text)
                    .containsExactly("Week 1", "Month 3", "Month 12");
            assertThat(chart.series()).extracting(OutcomeCharts.Series::group).containsExactly("A", "B");
            OutcomeCharts.Series a = chart.series().get(0);
            assertThat(a.points())
                    .extracting(OutcomeCharts.Point::time)
                    .containsExactly("Week 1", "Month 3", "Month 12");
            assertThat(a.points()).extracting(OutcomeCharts.Point::x).isSorted();
            OutcomeCharts.Point week1 = a.points().get(0);
            assertThat(week1.low().doubleValue()).isCloseTo(6.0 - 1.959964 * 2.0 / 5, offset(0.001));
            assertThat(week1.high().doubleValue()).isCloseTo(6.0 + 1.959964 * 2.0 / 5, offset(0.001));
            assertThat(week1.intervalSource()).isEqualTo("from SD and n");
            assertThat(week1.yLow()).isGreaterThan(week1.y()).isLessThanOrEqualTo(chart.plotBottom());
            assertThat(week1.yHigh()).isLessThan(week1.y()).isGreaterThanOrEqualTo(OutcomeCharts.TOP);
        });
    }

    @Test
    void aHigherValueIsDrawnHigherAndTheAxisTicksAreRound() {
        OutcomeCharts.Chart chart = OutcomeCharts.of(new TrialResults.Summary(
                        "t",
                        List.of(measure("NRS at 6 months", value("Low", 1.0, 0.5, 100), value("High", 7.0, 0.5, 100))),
                        List.of()))
                .get(0);

        double low = chart.series().get(0).points().get(0).y();
        double high = chart.series().get(1).points().get(0).y();
        assertThat(high).isLessThan(low);
        assertThat(chart.ticks()).extracting(OutcomeCharts.Label::text).containsExactly("0", "2", "4", "6", "8");
        assertThat(chart.zeroY()).isEqualTo(chart.plotBottom());
    }

    @Test
    void aReportedIntervalWinsAndCountsAndOtherDomainsAreNotCharted() {
        TrialResults.GroupValue reported = new TrialResults.GroupValue(
                "A",
                null,
                "least-squares-mean",
                new BigDecimal("-2.5"),
                "points",
                new BigDecimal("40"),
                Map.of(
                        "ci-lower",
                        new BigDecimal("-3.9"),
                        "ci-upper",
                        new BigDecimal("-1.1"),
                        "standard-deviation",
                        new BigDecimal("9")));
        TrialResults.GroupValue count = new TrialResults.GroupValue(
                "A",
                null,
                "count-of-participants",
                new BigDecimal("12"),
                "participants",
                new BigDecimal("40"),
                Map.of());
        TrialResults.Summary summary = new TrialResults.Summary(
                "t",
                List.of(
                        new TrialResults.Measure(
                                "Change in NRS", "pain", "Week 12", List.of(reported, count), List.of()),
                        new TrialResults.Measure("Sleep quality", null, "Week 12", List.of(reported), List.of())),
                List.of());

        List<OutcomeCharts.Chart> charts = OutcomeCharts.of(summary);

        assertThat(charts).singleElement().satisfies(chart -> {
            OutcomeCharts.Point point = chart.series().get(0).points().get(0);
            assertThat(point.low()).isEqualByComparingTo("-3.9");
            assertThat(point.high()).isEqualByComparingTo("-1.1");
            assertThat(point.intervalSource()).isEqualTo("reported");
            assertThat(chart.zeroY()).isEqualTo(OutcomeCharts.TOP);
        });
        assertThat(ResponderRates.of(summary)).singleElement().satisfies(rate -> assertThat(rate.percent())
                .isEqualByComparingTo("30.0"));
    }

    private static TrialResults.Measure measure(String title, TrialResults.GroupValue... values) {
        return new TrialResults.Measure(title, "pain", null, List.of(values), List.of());
    }

    private static TrialResults.GroupValue value(String group, double mean, double sd, int n) {
        return new TrialResults.GroupValue(
                group,
                null,
                "mean",
                BigDecimal.valueOf(mean),
                "units on a scale",
                BigDecimal.valueOf(n),
                Map.of("standard-deviation", BigDecimal.valueOf(sd)));
    }
}
