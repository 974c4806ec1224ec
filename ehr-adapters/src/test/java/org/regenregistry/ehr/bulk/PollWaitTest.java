package org.regenregistry.ehr.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PollWaitTest {

    private static final Instant NOW = Instant.parse("2026-11-25T08:48:07Z");
    private static final Duration DEFAULT = Duration.ofSeconds(10);
    private static final Duration CAP = Duration.ofMinutes(5);

    @Test
    void deltaSecondsAreWaitedAsAsked() {
        assertThat(PollWait.of("120", NOW, DEFAULT, CAP)).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void anHttpDateIsWaitedUntil() {
        assertThat(PollWait.of("Wed, 25 Nov 2026 08:49:37 GMT", NOW, DEFAULT, CAP))
                .isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void withoutAReadableRetryAfterTheDefaultIntervalApplies() {
        assertThat(PollWait.of(null, NOW, DEFAULT, CAP)).isEqualTo(DEFAULT);
        assertThat(PollWait.of("soon", NOW, DEFAULT, CAP)).isEqualTo(DEFAULT);
        assertThat(PollWait.of("1.5", NOW, DEFAULT, CAP)).isEqualTo(DEFAULT);
    }

    @Test
    void aWaitIsNeverShorterThanASecondNorLongerThanTheCap() {
        assertThat(PollWait.of("0", NOW, DEFAULT, CAP)).isEqualTo(PollWait.MINIMUM);
        assertThat(PollWait.of("Wed, 25 Nov 2026 08:00:00 GMT", NOW, DEFAULT, CAP))
                .isEqualTo(PollWait.MINIMUM);
        assertThat(PollWait.of("86400", NOW, DEFAULT, CAP)).isEqualTo(CAP);
    }
}
