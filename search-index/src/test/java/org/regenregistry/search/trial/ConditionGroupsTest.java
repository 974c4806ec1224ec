package org.regenregistry.search.trial;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConditionGroupsTest {

    @Test
    void theSuggestionsAreTheMapsConditionAndGroupNamesOnceEachSorted() {
        ConditionGroups groups = ConditionGroups.registry();

        assertThat(groups.names())
                .contains(groups.groupLabel("spinal-pain").orElseThrow())
                .contains(groups.conditionLabel("239873007").orElseThrow())
                .doesNotHaveDuplicates()
                .isSortedAccordingTo(String.CASE_INSENSITIVE_ORDER);
    }
}
