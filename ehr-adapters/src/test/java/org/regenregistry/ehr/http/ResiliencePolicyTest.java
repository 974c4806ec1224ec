package org.regenregistry.ehr.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.core.IntervalFunction;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ResiliencePolicyTest {

    private static final IntervalFunction DOUBLING = IntervalFunction.ofExponentialBackoff(Duration.ofSeconds(1), 2);

    @Test
    void theWaitBeforeARetryIsTheBackoffOfItsAttempt() {
        ResiliencePolicy policy = ResiliencePolicy.defaults(DOUBLING);

        assertThat(policy.backoff(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.backoff(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.backoff(4)).isEqualTo(Duration.ofSeconds(8));
        assertThatThrownBy(() -> policy.backoff(0)).hasMessageContaining("counts from 1");
    }

    @Test
    void theDefaultsAreValid() {
        ResiliencePolicy defaults = ResiliencePolicy.defaults(DOUBLING);

        assertThat(defaults.maxAttempts()).isGreaterThan(1);
        assertThat(defaults.maxDelay()).isGreaterThan(defaults.backoff(1));
    }

    @Test
    void nonsensicalSettingsAreRefused() {
        Duration second = Duration.ofSeconds(1);
        assertThatThrownBy(() -> new ResiliencePolicy(Duration.ZERO, 3, DOUBLING, second, 3, second))
                .hasMessageContaining("requestTimeout");
        assertThatThrownBy(() -> new ResiliencePolicy(second, 0, DOUBLING, second, 3, second))
                .hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> new ResiliencePolicy(second, 3, DOUBLING, second, 0, second))
                .hasMessageContaining("failureThreshold");
        assertThatThrownBy(() -> new ResiliencePolicy(second, 3, null, second, 3, second))
                .hasMessageContaining("backoff");
        assertThatThrownBy(() -> new ResiliencePolicy(second, 3, DOUBLING, Duration.ZERO, 3, second))
                .hasMessageContaining("maxDelay");
        assertThatThrownBy(() -> new ResiliencePolicy(second, 3, DOUBLING, second, 3, second.negated()))
                .hasMessageContaining("openDuration");
    }
}
