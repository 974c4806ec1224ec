package org.regenregistry.ctgov;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CountriesTest {

    @Test
    void clinicalTrialsGovNamesBecomeAlpha2Codes() {
        assertThat(Countries.code("United States")).contains("US");
        assertThat(Countries.code("Germany")).contains("DE");
        assertThat(Countries.code("Korea, Republic of")).contains("KR");
        assertThat(Countries.code("Turkey")).contains("TR");
        assertThat(Countries.code("russian federation")).contains("RU");
    }

    @Test
    void anUnknownNameHasNoCode() {
        assertThat(Countries.code("Atlantis")).isEmpty();
    }
}
