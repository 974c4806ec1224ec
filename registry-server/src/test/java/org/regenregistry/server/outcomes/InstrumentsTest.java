package org.regenregistry.server.outcomes;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.regenregistry.profiles.RegistryCodeSystems;

/** The scores' scales as the package states them on its value sets' concepts. */
class InstrumentsTest {

    @Test
    void everyScoreOfBothValueSetsIsReadWithItsScale() {
        assertThat(Instruments.ALL).hasSize(17);
        assertThat(Instruments.ALL).allSatisfy(known -> {
            assertThat(known.domain()).isIn("pain", "function");
            assertThat(known.name()).isNotBlank();
        });
    }

    @Test
    void theNrsCountsRespondersByPercentAndTwoPointsWithItsMcid() {
        Instruments.Known nrs = Instruments.of("72514-3").orElseThrow();
        assertThat(nrs.preference()).as("the first pain score pooled").isZero();
        assertThat(nrs.system()).isEqualTo("http://loinc.org");
        assertThat(nrs.instrument().painIntensity()).isTrue();
        assertThat(nrs.instrument().minimumPoints()).isEqualTo(2);
        assertThat(nrs.instrument().mcid()).isEqualTo(2);
        assertThat(Instruments.of("97909-6").orElseThrow().instrument().mcid()).isEqualTo(10);
        assertThat(Instruments.of("38214-3").orElseThrow().instrument().mcid()).isNaN();
    }

    @Test
    void directionsAndDomainsAreThePackages() {
        Instruments.Known koosPain = Instruments.of("72102-7").orElseThrow();
        assertThat(koosPain.instrument().lowerIsBetter())
                .as("KOOS: 100 is no symptoms")
                .isFalse();
        assertThat(koosPain.domain()).isEqualTo("pain");
        Instruments.Known womacPain = Instruments.of("womac-pain").orElseThrow();
        assertThat(womacPain.domain()).isEqualTo("pain");
        assertThat(womacPain.system()).isEqualTo(RegistryCodeSystems.OUTCOME_INSTRUMENT);
        assertThat(womacPain.instrument().painIntensity())
                .as("a subscale, not a rating of intensity")
                .isFalse();
        assertThat(Instruments.of("womac-function").orElseThrow().domain()).isEqualTo("function");
    }
}
