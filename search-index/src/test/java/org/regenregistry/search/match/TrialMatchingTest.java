package org.regenregistry.search.match;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrialMatchingTest {

    @Test
    void distancesAreGreatCircleKilometres() {
        assertThat(TrialMatching.km(59.9139, 10.7522, 59.3293, 18.0686)).isCloseTo(416, within(2.0));
        assertThat(TrialMatching.km(40.7128, -74.0060, 40.7128, -74.0060)).isZero();
    }

    @Test
    void aMatchNeedsAConditionOrATherapyFamilyAndAPlausibleAge() {
        assertThatThrownBy(() -> new PatientFacts(BigDecimal.TEN, "female", List.of(), null, Set.of()))
                .hasMessage("A match needs at least a condition or a therapy family of interest");
        assertThatThrownBy(() -> new PatientFacts(BigDecimal.valueOf(-1), null, List.of(), null, Set.of("prp")))
                .hasMessage("age must be between 0 and 150 years, was -1");
    }
}
