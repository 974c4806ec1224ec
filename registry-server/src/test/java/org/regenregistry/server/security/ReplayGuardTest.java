package org.regenregistry.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

class ReplayGuardTest {

    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    private final MovableClock clock = new MovableClock();
    private final ClientAssertionDecoders.ReplayGuard guard = new ClientAssertionDecoders.ReplayGuard(clock);

    @Test
    void aJtiIsRefusedAgainUntilItsAssertionHasExpired() {
        Jwt assertion = assertion("st-olaf-ehr", "a-1", NOW.plus(Duration.ofMinutes(4)));

        assertThat(guard.validate(assertion).hasErrors()).isFalse();
        clock.advance(Duration.ofMinutes(4));
        assertThat(guard.validate(assertion).hasErrors()).isTrue();
        clock.advance(Duration.ofMinutes(2));
        assertThat(guard.validate(assertion).hasErrors())
                .as("expired a minute ago: the token endpoint refuses it as expired, the guard forgets it")
                .isFalse();
    }

    @Test
    void theSameJtiFromAnotherClientIsNotAReplay() {
        Instant expires = NOW.plus(Duration.ofMinutes(4));

        assertThat(guard.validate(assertion("st-olaf-ehr", "a-1", expires)).hasErrors())
                .isFalse();
        assertThat(guard.validate(assertion("trial-finder", "a-1", expires)).hasErrors())
                .isFalse();
    }

    @Test
    void aJtiIsKeptNoLongerThanTheLongestLifetimeAnAssertionMayHave() {
        Jwt farFuture = assertion("st-olaf-ehr", "a-2", NOW.plus(Duration.ofDays(365)));

        assertThat(guard.validate(farFuture).hasErrors()).isFalse();
        clock.advance(Duration.ofMinutes(8));
        assertThat(guard.validate(assertion("st-olaf-ehr", "a-3", NOW.plus(Duration.ofMinutes(12))))
                        .hasErrors())
                .isFalse();
        assertThat(guard.validate(farFuture).hasErrors())
                .as("forgotten after five minutes and two of allowance")
                .isFalse();
    }

    @Test
    void anAssertionWithoutJtiIsRefused() {
        Jwt noJti = Jwt.withTokenValue("t")
                .header("alg", "RS384")
                .issuer("st-olaf-ehr")
                .expiresAt(NOW.plusSeconds(60))
                .build();

        assertThat(guard.validate(noJti).hasErrors()).isTrue();
    }

    private static Jwt assertion(String client, String jti, Instant expires) {
        return Jwt.withTokenValue("t")
                .header("alg", "RS384")
                .issuer(client)
                .jti(jti)
                .issuedAt(NOW)
                .expiresAt(expires)
                .build();
    }

    private static final class MovableClock extends Clock {
        private Instant now = NOW;

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
