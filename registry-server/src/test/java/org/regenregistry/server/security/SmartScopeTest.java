package org.regenregistry.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.regenregistry.server.security.SmartScope.Permission;

class SmartScopeTest {

    @Test
    void version2ScopesNameTheirPermissionsLetterByLetter() {
        SmartScope scope = SmartScope.parse("system/Observation.rs").orElseThrow();

        assertThat(scope.context()).isEqualTo("system");
        assertThat(scope.resourceType()).isEqualTo("Observation");
        assertThat(scope.permissions()).containsExactlyInAnyOrder(Permission.READ, Permission.SEARCH);
        assertThat(scope.grants("Observation", Permission.READ)).isTrue();
        assertThat(scope.grants("Observation", Permission.CREATE)).isFalse();
        assertThat(scope.grants("Patient", Permission.READ)).isFalse();
    }

    @Test
    void createWithoutUpdateIsItsOwnRight() {
        SmartScope scope = SmartScope.parse("user/ResearchSubject.cr").orElseThrow();

        assertThat(scope.grants("ResearchSubject", Permission.CREATE)).isTrue();
        assertThat(scope.grants("ResearchSubject", Permission.UPDATE)).isFalse();
    }

    @Test
    void version1ScopesReadAsTheirVersion2Equivalents() {
        assertThat(SmartScope.parse("system/*.read").orElseThrow().permissions())
                .containsExactlyInAnyOrder(Permission.READ, Permission.SEARCH);
        assertThat(SmartScope.parse("system/*.write").orElseThrow().permissions())
                .containsExactlyInAnyOrder(Permission.CREATE, Permission.UPDATE, Permission.DELETE);
        assertThat(SmartScope.parse("user/Patient.*").orElseThrow().permissions())
                .containsExactlyInAnyOrderElementsOf(Set.of(Permission.values()));
        assertThat(SmartScope.parse("system/*.read").orElseThrow().grants("AdverseEvent", Permission.SEARCH))
                .isTrue();
    }

    @Test
    void restrictionsAreKept() {
        SmartScope scope = SmartScope.parse("patient/Observation.rs?category=vital-signs&status=final")
                .orElseThrow();

        assertThat(scope.restrictions()).isEqualTo(Map.of("category", "vital-signs", "status", "final"));
        assertThat(SmartScope.parse("system/Observation.rs?status=final").orElseThrow())
                .hasToString("system/Observation.rs?status=final");
    }

    @Test
    void aScopeCoversNarrowerOnesOnly() {
        SmartScope registered = SmartScope.parse("system/*.rs?status=final").orElseThrow();

        assertThat(registered.covers(SmartScope.parse("system/Observation.r?status=final&category=x")
                        .orElseThrow()))
                .isTrue();
        assertThat(registered.covers(SmartScope.parse("system/Observation.rs").orElseThrow()))
                .as("fewer restrictions")
                .isFalse();
        assertThat(registered.covers(
                        SmartScope.parse("system/Observation.crs?status=final").orElseThrow()))
                .as("more permissions")
                .isFalse();
        assertThat(registered.covers(
                        SmartScope.parse("user/Observation.rs?status=final").orElseThrow()))
                .as("another context")
                .isFalse();
    }

    @Test
    void whatIsNoClinicalScopeIsNotOne() {
        assertThat(SmartScope.parse("openid")).isEmpty();
        assertThat(SmartScope.parse("launch/patient")).isEmpty();
        assertThat(SmartScope.parse("system/Observation.")).isEmpty();
        assertThat(SmartScope.parse("system/Observation.sr"))
                .as("letters out of order")
                .isEmpty();
        assertThat(SmartScope.parse("system/observation.rs")).isEmpty();
        assertThat(SmartScope.parse("system/Observation.rs?category")).isEmpty();
    }

    @Test
    void aScopeReadsBackInVersion2Syntax() {
        assertThat(SmartScope.parse("system/*.read").orElseThrow()).hasToString("system/*.rs");
        assertThat(SmartScope.parse("user/Patient.cruds").orElseThrow()).hasToString("user/Patient.cruds");
    }
}
