package org.regenregistry.ehr.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MarkTest {

    /** The stored keys are those of releases before marks were typed: an upgraded database keeps its marks. */
    @Test
    void eachMarkIsStoredUnderTheKeyEarlierReleasesUsed() {
        assertThat(Mark.poll("Observation").key()).isEqualTo("Observation");
        assertThat(Mark.sweep("Observation").key()).isEqualTo("sweep:Observation");
        assertThat(Mark.EXPORT.key()).isEqualTo("$export");
        assertThat(Mark.PUSH.key()).isEqualTo("push:ResearchSubject");
    }

    @Test
    void aStoredKeyParsesBackToItsMark() {
        for (Mark mark : List.of(Mark.poll("Patient"), Mark.sweep("Observation"), Mark.EXPORT, Mark.PUSH)) {
            assertThat(Mark.parse(mark.key())).isEqualTo(mark);
        }
    }

    @Test
    void onlyAnExportMarkHasNoResourceType() {
        assertThatThrownBy(() -> new Mark(Mark.Kind.POLL, null)).hasMessageContaining("export");
        assertThatThrownBy(() -> new Mark(Mark.Kind.EXPORT, "Patient")).hasMessageContaining("export");
    }
}
