package org.regenregistry.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FhirIdsTest {

    @ParameterizedTest
    @CsvSource({
        "prp-knee-oa, true",
        "ctgov-nct01367860, true",
        "a.b-C9, true",
        "'', false",
        "has space, false",
        "slash/id, false",
        "<script>, false",
        "0123456789012345678901234567890123456789012345678901234567890123, true",
        "01234567890123456789012345678901234567890123456789012345678901234, false"
    })
    void anIdIsOneTo64LettersDigitsHyphensOrDots(String value, boolean id) {
        assertThat(FhirIds.isId(value)).isEqualTo(id);
    }
}
