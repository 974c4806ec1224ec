package org.regenregistry.server.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Tokens and who gets them ({@code registry.security.*}). By default the registry issues tokens itself, to the clients
 * registered here, who authenticate as SMART Backend Services asks (<a
 * href="https://hl7.org/fhir/smart-app-launch/backend-services.html">client credentials with a signed JWT</a>, no
 * client secrets). With {@code issuer-uri} set, an external OpenID provider issues them instead and the built-in
 * server is off.
 *
 * @param accessTokenLifetime how long an access token of the built-in server is valid
 * @param clients the clients of the built-in server by client id
 * @param issuerUri an external issuer ({@code iss} of its tokens); with it, {@code jwk-set-uri} and {@code token-uri}
 * @param jwkSetUri where the external issuer publishes the keys it signs tokens with
 * @param tokenUri the external issuer's token endpoint, which the SMART configuration names
 * @param roleClaim the claim holding the role (a dotted path reaches into nested claims)
 * @param siteClaim the claim holding a site client's site
 * @param publicTrialRecords whether trial-level records, {@code /api/trials} and {@code /api/analysis} are readable
 *     without a token
 * @param smallCellThreshold counts of subjects below this (and above zero) are not shown to those who may not read
 *     subject-level records (researchers, callers without a token): a count that small can point at a person
 * @param devTokens whether {@code POST /dev/token} hands out tokens to callers on this machine (the embedded
 *     default only: refused with any database but the embedded H2 one)
 * @param people the people who sign in to the web app at the built-in issuer, by user name
 */
@Validated
@ConfigurationProperties("registry.security")
public record SecuritySettings(
        @DefaultValue("5m") @NotNull Duration accessTokenLifetime,
        @DefaultValue Map<String, @Valid Client> clients,
        URI issuerUri,
        URI jwkSetUri,
        URI tokenUri,
        @DefaultValue("role") @NotEmpty String roleClaim,
        @DefaultValue("site") @NotEmpty String siteClaim,
        @DefaultValue("true") boolean publicTrialRecords,
        @DefaultValue("5") @Min(1) int smallCellThreshold,
        @DefaultValue("false") boolean devTokens,
        @DefaultValue Map<String, @Valid Person> people) {

    public SecuritySettings {
        if (issuerUri != null && (jwkSetUri == null || tokenUri == null)) {
            throw new IllegalArgumentException(
                    "registry.security.issuer-uri comes with jwk-set-uri and token-uri: where the issuer's keys are and"
                            + " where clients get tokens");
        }
        if (issuerUri != null && !people.isEmpty()) {
            throw new IllegalArgumentException("registry.security.people sign in at the built-in issuer, which is off"
                    + " when registry.security.issuer-uri names an external one; they sign in there");
        }
        if (!devTokens
                && people.values().stream().anyMatch(person -> person.password().startsWith("{noop}"))) {
            throw new IllegalArgumentException("A person's password is kept as a hash ({bcrypt}...); a plain {noop}"
                    + " password is for trying the embedded default only (registry.security.dev-tokens)");
        }
        if (issuerUri != null && !clients.isEmpty()) {
            throw new IllegalArgumentException("registry.security.clients are clients of the built-in issuer, which is"
                    + " off when registry.security.issuer-uri names an external one; register them there");
        }
    }

    /**
     * The small-cell threshold for the caller of {@code request}: none (0) for regulators and sites, who may read
     * subject-level records, {@link #smallCellThreshold} for researchers and callers without a token.
     */
    public int smallCellThresholdFor(HttpServletRequest request) {
        return Caller.of(request)
                        .filter(caller -> caller.is(Role.REGULATOR) || caller.is(Role.SITE))
                        .isPresent()
                ? 0
                : smallCellThreshold;
    }

    /** Whether the registry issues its tokens itself. */
    public boolean builtInIssuer() {
        return issuerUri == null;
    }

    /** Who a client acts as: the four roles of the registry. */
    public enum Role {
        SITE,
        RESEARCHER,
        REGULATOR,
        REGISTRY_ADMIN;

        /** The role as tokens carry it: {@code site}, {@code researcher}, {@code regulator}, {@code registry-admin}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * A person who signs in to the web app: a regulator or a site's staff (authorization code with PKCE at the
     * built-in issuer; the token names the same role and site as a client's).
     *
     * @param password the password as Spring Security's delegating encoder keeps it: {@code {bcrypt}$2a$10$...}
     * @param role what the person acts as
     * @param site the site a site's staff act for (only for that role)
     */
    public record Person(@NotEmpty String password, @NotNull Role role, String site) {

        public Person {
            if ((role == Role.SITE) == (site == null || site.isBlank())) {
                throw new IllegalArgumentException("A site's person names the site, and only a site's person does");
            }
        }
    }

    /**
     * @param role what the client acts as
     * @param site the hospital site a {@code site} client acts for (only for that role)
     * @param scopes the SMART scopes it may be granted (v2 such as {@code system/Observation.rs}, or v1)
     * @param jwks its public keys as a JWK Set (JSON), or
     * @param jwksUrl where its JWK Set is published, an {@code https} URL (the keys decide who the client is, so they
     *     are not fetched over a channel anyone on the way could change); {@code http} only on the loopback address
     */
    public record Client(@NotNull Role role, String site, @NotEmpty Set<String> scopes, String jwks, URI jwksUrl) {

        public Client {
            if ((jwks == null || jwks.isBlank()) == (jwksUrl == null)) {
                throw new IllegalArgumentException("A client names its keys by jwks or by jwks-url, one of the two");
            }
            if ((role == Role.SITE) == (site == null || site.isBlank())) {
                throw new IllegalArgumentException("A site client names its site, and only a site client does");
            }
            if (jwksUrl != null && !"https".equalsIgnoreCase(jwksUrl.getScheme()) && !isLoopback(jwksUrl)) {
                throw new IllegalArgumentException("A client's jwks-url is fetched over https (plain http only on"
                        + " this machine's loopback address): " + jwksUrl);
            }
        }

        private static boolean isLoopback(URI url) {
            String host = url.getHost() == null ? "" : url.getHost();
            return "http".equalsIgnoreCase(url.getScheme())
                    && (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]"));
        }
    }
}
