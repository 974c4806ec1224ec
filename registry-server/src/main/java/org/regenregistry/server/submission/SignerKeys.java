package org.regenregistry.server.submission;

import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.regenregistry.server.security.ClientKeys;
import org.regenregistry.server.security.SecuritySettings;
import org.regenregistry.server.security.SecuritySettings.Role;
import org.springframework.stereotype.Component;

/**
 * The keys registered for each site: those of its clients and of its signers. A key is found by its {@code kid}
 * among the keys of one site only, so a package signed with another site's key is never taken for this site's.
 */
@Component
class SignerKeys {

    private final Map<String, List<JWKSource<SecurityContext>>> bySite = new HashMap<>();

    SignerKeys(SecuritySettings security, SubmissionSettings settings) {
        security.clients().values().stream()
                .filter(client -> client.role() == Role.SITE)
                .forEach(client -> add(
                        client.site(),
                        ClientKeys.of(client.jwks(), client.jwksUrl(), "a client of site " + client.site())));
        settings.signers()
                .forEach((site, jwks) -> add(site, ClientKeys.of(jwks, null, "registry.submissions.signers." + site)));
    }

    /** The key of {@code site} with key id {@code kid}, if the site has one. */
    Optional<JWK> find(String site, String kid) {
        JWKSelector selector =
                new JWKSelector(new JWKMatcher.Builder().keyID(kid).build());
        for (JWKSource<SecurityContext> source : bySite.getOrDefault(site, List.of())) {
            try {
                List<JWK> found = source.get(selector, null);
                if (!found.isEmpty()) {
                    return Optional.of(found.get(0));
                }
            } catch (KeySourceException e) {
                UnclassifiedServerFailureException unavailable = new UnclassifiedServerFailureException(
                        503, "The keys of site " + site + " cannot be fetched now: " + e.getMessage());
                unavailable.addResponseHeader("Retry-After", "30");
                throw unavailable;
            }
        }
        return Optional.empty();
    }

    private void add(String site, JWKSource<SecurityContext> source) {
        bySite.computeIfAbsent(site, key -> new ArrayList<>()).add(source);
    }
}
