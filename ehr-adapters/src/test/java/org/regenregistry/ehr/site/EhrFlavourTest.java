package org.regenregistry.ehr.site;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.regenregistry.ehr.bulk.ExportLevel;

class EhrFlavourTest {

    @Test
    void oracleHealthExportsGroupsOnlyAndNeedsFullSweepsOfObservations() {
        assertThat(EhrFlavour.ORACLE_HEALTH.exportLevels()).containsExactly(ExportLevel.GROUP);
        assertThat(EhrFlavour.ORACLE_HEALTH.sweepTypes()).containsExactly("Observation");
    }

    @Test
    void epicResearchDataIsReadOnly() {
        assertThat(EhrFlavour.EPIC.writableTypes()).doesNotContain("ResearchStudy", "ResearchSubject");
        assertThat(EhrFlavour.EPIC.sweepTypes()).isEmpty();
        assertThat(EhrFlavour.EPIC.takesEnrolments()).isFalse();
        assertThat(EhrFlavour.ORACLE_HEALTH.takesEnrolments()).isFalse();
    }

    @Test
    void aGenericServerOffersEveryExportLevelAndTakesResearchData() {
        assertThat(EhrFlavour.GENERIC.exportLevels()).containsExactlyInAnyOrder(ExportLevel.values());
        assertThat(EhrFlavour.GENERIC.writableTypes()).contains("ResearchStudy", "ResearchSubject");
        assertThat(EhrFlavour.GENERIC.takesEnrolments()).isTrue();
    }
}
