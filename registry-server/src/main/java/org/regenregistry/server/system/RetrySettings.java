package org.regenregistry.server.system;

import io.github.resilience4j.core.IntervalFunction;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The one back-off policy of the registry's retries ({@code registry.retry.*}): the search-index dispatcher while
 * Elasticsearch fails, and every request to a hospital EHR. The wait before attempt {@code n + 1} is {@code initial
 * * multiplier^(n-1)}, capped at {@code max}, spread by {@code ±jitter} so that retries that failed together do not
 * come back together.
 */
@Validated
@ConfigurationProperties("registry.retry")
public record RetrySettings(
        @DefaultValue("1s") @NotNull Duration initial,
        @DefaultValue("2") @DecimalMin("1") double multiplier,
        @DefaultValue("0.5") @DecimalMin("0") @DecimalMax("0.99") double jitter,
        @DefaultValue("30s") @NotNull Duration max) {

    /** The waits, by attempt (1 for the wait after the first failure), in milliseconds. */
    public IntervalFunction backoff() {
        return IntervalFunction.ofExponentialRandomBackoff(initial, multiplier, jitter, max);
    }
}
