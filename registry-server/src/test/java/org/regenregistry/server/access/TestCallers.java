package org.regenregistry.server.access;

import java.util.Arrays;
import java.util.Optional;
import org.regenregistry.server.security.Caller;
import org.regenregistry.server.security.SecuritySettings.Role;
import org.regenregistry.server.security.SmartScope;

/** Callers as a token would name them, for unit tests of the access rules. */
final class TestCallers {

    private TestCallers() {}

    /** A client {@code <role>-client} of {@code role} (and {@code site}) with {@code scopes}, one scope each. */
    static Caller caller(Role role, String site, String... scopes) {
        return new Caller(
                role.id() + "-client",
                role,
                site,
                Arrays.stream(scopes)
                        .map(SmartScope::parse)
                        .map(Optional::orElseThrow)
                        .toList());
    }
}
