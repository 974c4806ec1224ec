package org.regenregistry.server.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.regenregistry.server.access.TestCallers.caller;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.regenregistry.server.security.Caller;
import org.regenregistry.server.security.SecuritySettings.Role;

class ExportNarrowingTest {

    private static final String ST_OLAF =
            "_security=https%3A%2F%2Fregen-registry.org%2Ffhir%2FCodeSystem%2Fsource-site%7Cst-olaf";

    @Test
    void aRegulatorExportsEveryRequestedTypeWhole() {
        Caller regulator = caller(Role.REGULATOR, null, "system/*.rs");

        ExportNarrowing narrowed = ExportNarrowing.of(regulator, List.of("Patient", "Observation"), List.of());

        assertThat(narrowed.types()).containsExactly("Patient", "Observation");
        assertThat(narrowed.filters()).isEmpty();
    }

    @Test
    void everyTypeOfASitesExportIsFilteredToItsRecordsBesideTheClientsOwnFilters() {
        Caller site = caller(Role.SITE, "st-olaf", "system/*.cruds");

        ExportNarrowing narrowed = ExportNarrowing.of(
                site,
                List.of("Patient", "Observation"),
                List.of("Observation?code=72514-3", "Observation?code=61758-9"));

        assertThat(narrowed.types()).containsExactly("Patient", "Observation");
        assertThat(narrowed.filters())
                .containsExactly(
                        "Patient?" + ST_OLAF,
                        "Observation?code=72514-3&" + ST_OLAF,
                        "Observation?code=61758-9&" + ST_OLAF);
    }

    @Test
    void typesNoScopeSearchesAreLeftOutAndRestrictedScopesBecomeAlternativeFilters() {
        Caller site = caller(
                Role.SITE,
                "st-olaf",
                "system/Patient.rs",
                "system/Observation.rs?status=final",
                "system/Observation.rs?status=amended",
                "system/Condition.r");

        ExportNarrowing narrowed =
                ExportNarrowing.of(site, List.of("Patient", "Observation", "Condition"), List.of("Condition?x=y"));

        assertThat(narrowed.types()).containsExactly("Patient", "Observation");
        assertThat(narrowed.filters())
                .containsExactly(
                        "Patient?" + ST_OLAF,
                        "Observation?status=final&" + ST_OLAF,
                        "Observation?status=amended&" + ST_OLAF);
    }

    @Test
    void aCallerWithoutSearchScopesExportsNothing() {
        Caller readsOnly = caller(Role.REGULATOR, null, "system/Patient.r");

        assertThat(ExportNarrowing.of(readsOnly, List.of("Patient"), List.of()).types())
                .isEmpty();
    }
}
