package org.regenregistry.server.ehr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.regenregistry.ehr.site.EhrFlavour;
import org.regenregistry.ehr.sync.SiteSpec;

class EhrSettingsTest {

    @Test
    void aReadWriteSiteMustBeAnEhrThatTakesResearchWrites() {
        assertThatThrownBy(() -> site(EhrFlavour.EPIC, SiteSpec.Mode.READ_WRITE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mode read-write needs an EHR that accepts ResearchStudy and ResearchSubject writes;"
                        + " flavour epic does not (it is read-only for research data)");
        assertThatThrownBy(() -> site(EhrFlavour.ORACLE_HEALTH, SiteSpec.Mode.READ_WRITE))
                .hasMessageContaining("flavour oracle-health does not");
        assertThat(site(EhrFlavour.GENERIC, SiteSpec.Mode.READ_WRITE).mode()).isEqualTo(SiteSpec.Mode.READ_WRITE);
        assertThat(site(EhrFlavour.EPIC, SiteSpec.Mode.READ_ONLY).mode()).isEqualTo(SiteSpec.Mode.READ_ONLY);
    }

    private static EhrSettings.Site site(EhrFlavour flavour, SiteSpec.Mode mode) {
        return new EhrSettings.Site(
                URI.create("https://ehr.example/fhir"),
                "regen-registry",
                null,
                null,
                "registry-2026",
                EhrSettings.DEFAULT_SCOPES,
                flavour,
                mode,
                SiteSpec.Method.POLL,
                null,
                "group-1",
                "prp-knee-oa",
                "a-pseudonym-key-of-at-least-thirty-two-characters",
                null,
                "LP-PRP",
                List.of(),
                Duration.ofMinutes(10),
                Duration.ofHours(24));
    }
}
