package org.regenregistry.server.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionDecoderFactory;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * Checks a client's signed assertion as <a
 * href="https://hl7.org/fhir/smart-app-launch/backend-services.html#authenticating-to-the-token-endpoint">SMART
 * Backend Services</a> requires, beyond what Spring Authorization Server checks by itself ({@code iss}, {@code sub},
 * {@code aud}, {@code exp}): signed with RS384 or ES384 only, by a key of the client's registered JWK Set (inline or
 * by URL), {@code exp} at most five minutes ahead (with a minute's allowance for clocks that differ), and a {@code
 * jti} the server has not seen within that time.
 */
final class ClientAssertionDecoders implements JwtDecoderFactory<RegisteredClient> {

    /** The custom client setting holding a client's inline JWK Set. */
    static final String INLINE_JWKS = "regen-registry.jwks";

    static final Duration MAX_LIFETIME = Duration.ofMinutes(5);
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS384, JWSAlgorithm.ES384);
    static final List<String> ALGORITHM_NAMES = List.of(JWSAlgorithm.RS384.getName(), JWSAlgorithm.ES384.getName());

    private final Map<String, JwtDecoder> decoders = new ConcurrentHashMap<>();
    private final ReplayGuard replays;
    private final Clock clock;

    ClientAssertionDecoders(Clock clock) {
        this.clock = clock;
        this.replays = new ReplayGuard(clock);
    }

    @Override
    public JwtDecoder createDecoder(RegisteredClient client) {
        return decoders.computeIfAbsent(client.getId(), id -> decoder(client));
    }

    private JwtDecoder decoder(RegisteredClient client) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys(client)));
        NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
        OAuth2TokenValidator<Jwt> checks = new DelegatingOAuth2TokenValidator<>(
                JwtClientAssertionDecoderFactory.DEFAULT_JWT_VALIDATOR_FACTORY.apply(client), this::shortLived);
        decoder.setJwtValidator(assertion -> {
            OAuth2TokenValidatorResult result = checks.validate(assertion);
            return result.hasErrors() ? result : replays.validate(assertion);
        });
        return decoder;
    }

    private static JWKSource<SecurityContext> keys(RegisteredClient client) {
        String url = client.getClientSettings().getJwkSetUrl();
        return ClientKeys.of(
                client.getClientSettings().getSetting(INLINE_JWKS),
                url == null ? null : URI.create(url),
                "client " + client.getClientId());
    }

    private OAuth2TokenValidatorResult shortLived(Jwt assertion) {
        Instant expires = assertion.getExpiresAt();
        if (expires == null
                || expires.isAfter(clock.instant().plus(MAX_LIFETIME).plus(CLOCK_SKEW))) {
            return failure("The client assertion's exp must be at most five minutes ahead");
        }
        return OAuth2TokenValidatorResult.success();
    }

    static OAuth2TokenValidatorResult failure(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_client", description, null));
    }

    /**
     * Every {@code jti} accepted, until its assertion expires: a replayed assertion is refused. It sees only
     * assertions that passed every other check, so what it keeps is bounded by what registered clients sign, each
     * entry for at most the longest lifetime an assertion may have.
     */
    static final class ReplayGuard implements OAuth2TokenValidator<Jwt> {

        private final Map<String, Instant> seen = new ConcurrentHashMap<>();
        private final Clock clock;

        ReplayGuard(Clock clock) {
            this.clock = clock;
        }

        @Override
        public OAuth2TokenValidatorResult validate(Jwt assertion) {
            String jti = assertion.getId();
            if (jti == null || jti.isBlank()) {
                return failure("The client assertion needs a jti");
            }
            Instant now = clock.instant();
            seen.values().removeIf(expires -> expires.plus(CLOCK_SKEW).isBefore(now));
            String key = assertion.getClaimAsString("iss") + " " + jti;
            Instant longest = now.plus(MAX_LIFETIME).plus(CLOCK_SKEW);
            Instant expires =
                    assertion.getExpiresAt() == null || assertion.getExpiresAt().isAfter(longest)
                            ? longest
                            : assertion.getExpiresAt();
            if (seen.putIfAbsent(key, expires) != null) {
                return failure("The client assertion's jti was used before");
            }
            return OAuth2TokenValidatorResult.success();
        }
    }
}
