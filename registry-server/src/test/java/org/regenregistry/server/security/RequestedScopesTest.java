package org.regenregistry.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestedScopesTest {

    private static final Set<String> REGISTERED =
            Set.of("system/Observation.cruds", "system/Patient.rs?active=true", "system/*.s", "openid");

    @ParameterizedTest
    @CsvSource({
        "system/Observation.cruds, true",
        "system/Observation.rs, true",
        "system/Observation.read, true",
        "system/Observation.c, true",
        "system/Observation.rs?category=laboratory, true",
        "system/Patient.rs?active=true, true",
        "system/Patient.r?active=true&gender=female, true",
        "system/Patient.rs, false",
        "system/Patient.rs?active=false, false",
        "system/Condition.s, true",
        "system/Condition.r, false",
        "user/Observation.rs, false",
        "system/*.rs, false",
        "openid, true",
        "profile, false"
    })
    void aClientMayAskForWhatItsRegisteredScopesCover(String requested, boolean allowed) {
        List<SmartScope> grantable = REGISTERED.stream()
                .map(SmartScope::parse)
                .flatMap(Optional::stream)
                .toList();

        assertThat(RequestedScopes.allowed(requested, REGISTERED, grantable)).isEqualTo(allowed);
    }
}
