package org.regenregistry.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SampleTest {

    @Test
    void meanAndIntervalOfAKnownSample() {
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, sample SD sqrt(32/7); t(7, 0.975) = 2.364624251592785
        Sample sample = Sample.of(2, 4, 4, 4, 5, 5, 7, 9);
        assertThat(sample.mean()).isEqualTo(5.0);
        assertThat(sample.sd()).isCloseTo(Math.sqrt(32.0 / 7), within(1e-14));
        double half = 2.364624251592785 * Math.sqrt(32.0 / 7) / Math.sqrt(8);
        Interval interval = sample.meanInterval(0.95);
        assertThat(interval.lower()).isCloseTo(5 - half, within(1e-12));
        assertThat(interval.upper()).isCloseTo(5 + half, within(1e-12));
    }

    @Test
    void oneValueHasNoInterval() {
        Sample one = Sample.of(3);
        assertThat(one.sd()).isZero();
        assertThat(one.meanInterval(0.95).exists()).isFalse();
        assertThatThrownBy(Sample::of).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void largeMeansKeepTheirVariance() {
        Sample sample = Sample.of(1e9 + 1, 1e9 + 2, 1e9 + 3);
        assertThat(sample.sd()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void combiningTwoGroupsGivesTheSummaryOfAllTheirValues() {
        double[] first = {3, 5, 6, 9};
        double[] second = {1, 2, 2, 4, 8, 10, 11};
        double[] all = {3, 5, 6, 9, 1, 2, 2, 4, 8, 10, 11};
        Sample combined = Sample.of(first).combine(Sample.of(second));
        Sample direct = Sample.of(all);
        assertThat(combined.n()).isEqualTo(11);
        assertThat(combined.mean()).isCloseTo(direct.mean(), within(1e-12));
        assertThat(combined.sd()).isCloseTo(direct.sd(), within(1e-12));
    }

    @Test
    void aReportedErrorOrIntervalGivesBackTheSd() {
        Sample sample = Sample.of(2, 4, 4, 4, 5, 5, 7, 9);
        Sample fromError = Sample.fromStandardError(8, 5, sample.standardError());
        assertThat(fromError.sd()).isCloseTo(sample.sd(), within(1e-12));
        Interval interval = sample.meanInterval(0.95);
        Sample fromInterval = Sample.fromInterval(8, 5, interval.lower(), interval.upper(), 0.95);
        assertThat(fromInterval.sd()).isCloseTo(sample.sd(), within(1e-12));
        assertThatThrownBy(() -> Sample.fromInterval(1, 5, 4, 6, 0.95)).isInstanceOf(IllegalArgumentException.class);
    }
}
