package org.regenregistry.ehr.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResiliencePolicyTest {

    private final ResiliencePolicy policy = new ResiliencePolicy(
            Duration.ofSeconds(10), 5, Duration.ofSeconds(1), Duration.ofSeconds(30), 3, Duration.ofMinutes(1));

    @Test
    void theBackoffDoublesWithEveryRetryWithinItsJitterBounds() {
        for (int retry = 1; retry <= 5; retry++) {
            Duration full = Duration.ofSeconds(1L << (retry - 1));
            assertThat(policy.backoff(retry, 0.0)).isEqualTo(full.dividedBy(2));
            assertThat(policy.backoff(retry, 0.999999))
                    .isGreaterThan(full.dividedBy(2))
                    .isLessThanOrEqualTo(full);
        }
    }

    @Test
    void theBackoffNeverExceedsTheMaximumDelay() {
        assertThat(policy.backoff(6, 0.999999)).isLessThanOrEqualTo(Duration.ofSeconds(30));
        assertThat(policy.backoff(7, 0.0)).isEqualTo(Duration.ofSeconds(15));
        assertThat(policy.backoff(Integer.MAX_VALUE, 0.999999))
                .isBetween(Duration.ofSeconds(15), Duration.ofSeconds(30));
    }

    @Test
    void theDefaultsAreValid() {
        ResiliencePolicy defaults = ResiliencePolicy.defaults();

        assertThat(defaults.maxAttempts()).isGreaterThan(1);
        assertThat(defaults.maxDelay()).isGreaterThanOrEqualTo(defaults.baseDelay());
    }

    @Test
    void nonsensicalSettingsAreRefused() {
        Duration second = Duration.ofSeconds(1);
        assertThatThrownBy(() -> new ResiliencePolicy(Duration.ZERO, 3, second, second, 3, second))
                .hasMessageContaining("requestTimeout");
        assertThatThrownBy(() -> new ResiliencePolicy(second, 0, second, second, 3, second))
                .hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> new ResiliencePolicy(second, 3, second, second, 0, second))
                .hasMessageContaining("failureThreshold");
        assertThatThrownBy(() -> new ResiliencePolicy(second, 3, Duration.ofSeconds(5), second, 3, second))
                .hasMessageContaining("maxDelay");
        assertThatThrownBy(() -> new ResiliencePolicy(second, 3, second, second, 3, second.negated()))
                .hasMessageContaining("openDuration");
    }
}
