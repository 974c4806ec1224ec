package org.regenregistry.ehr.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code Retry-After} header of a 429 or 503 answer
 * (<a href="https://www.rfc-editor.org/rfc/rfc9110#section-10.2.3">RFC 9110, section 10.2.3</a>): delta-seconds or an
 * HTTP-date (IMF-fixdate, e.g. {@code Wed, 25 Nov 2026 08:49:37 GMT}).
 */
public final class RetryAfter {

    private static final Pattern DELTA_SECONDS = Pattern.compile("\\d{1,18}");

    private RetryAfter() {}

    /** How long the EHR asks to wait from {@code now}; empty if the value is neither form, zero if in the past. */
    public static Optional<Duration> parse(String value, Instant now) {
        String trimmed = value.trim();
        if (DELTA_SECONDS.matcher(trimmed).matches()) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(trimmed)));
        }
        try {
            Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
            return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
        } catch (DateTimeParseException notADate) {
            return Optional.empty();
        }
    }
}
