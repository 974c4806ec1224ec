package org.regenregistry.ehr.bulk;

import java.time.Duration;
import java.time.Instant;
import org.regenregistry.ehr.http.RetryAfter;

/**
 * How long to wait before the next status request: what the EHR's {@code Retry-After} asks (delta-seconds or an
 * HTTP-date, <a href="https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3">RFC 9110, section 10.2.3</a>), a default
 * when it asks nothing readable, never less than a second (no busy polling) and never more than a cap.
 */
final class PollWait {

    static final Duration MINIMUM = Duration.ofSeconds(1);

    private PollWait() {}

    static Duration of(String retryAfter, Instant now, Duration defaultInterval, Duration cap) {
        Duration asked = retryAfter == null
                ? defaultInterval
                : RetryAfter.parse(retryAfter, now).orElse(defaultInterval);
        if (asked.compareTo(MINIMUM) < 0) {
            return MINIMUM;
        }
        return asked.compareTo(cap) > 0 ? cap : asked;
    }
}
