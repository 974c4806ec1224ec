package org.regenregistry.server.ehr;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.regenregistry.ehr.poll.HighWaterMarks;

class DeferredMarksTest {

    private static final Instant STORED = Instant.parse("2026-11-24T08:00:00Z");

    private final Map<String, Instant> database = new HashMap<>(Map.of("Observation", STORED));
    private final HighWaterMarks stored = new HighWaterMarks() {
        @Override
        public Optional<Instant> get(String siteId, String resourceType) {
            return Optional.ofNullable(database.get(resourceType));
        }

        @Override
        public void advance(String siteId, String resourceType, Instant mark) {
            database.put(resourceType, mark);
        }
    };

    @Test
    void marksReachTheDatabaseOnlyOnCommitAndEveryPartReadsFromTheStoredMark() {
        DeferredMarks marks = new DeferredMarks(stored);

        marks.advance("st-olaf", "Observation", Instant.parse("2026-11-24T10:00:00Z"));

        assertThat(marks.get("st-olaf", "Observation")).contains(STORED);
        assertThat(database).containsEntry("Observation", STORED);
        marks.commit();
        assertThat(database).containsEntry("Observation", Instant.parse("2026-11-24T10:00:00Z"));
    }

    @Test
    void aTypeReadInPartsKeepsTheEarliestMark() {
        DeferredMarks marks = new DeferredMarks(stored);

        marks.advance("st-olaf", "Observation", Instant.parse("2026-11-24T10:00:05Z"));
        marks.advance("st-olaf", "Observation", Instant.parse("2026-11-24T10:00:01Z"));
        marks.advance("st-olaf", "Observation", Instant.parse("2026-11-24T10:00:09Z"));
        marks.commit();

        assertThat(database).containsEntry("Observation", Instant.parse("2026-11-24T10:00:01Z"));
    }

    @Test
    void aRunThatFailsBeforeCommittingLeavesTheStoredMarks() {
        DeferredMarks marks = new DeferredMarks(stored);

        marks.advance("st-olaf", "Observation", Instant.parse("2026-11-24T10:00:00Z"));
        marks.advance("st-olaf", "Condition", Instant.parse("2026-11-24T10:00:00Z"));

        assertThat(database).containsOnly(Map.entry("Observation", STORED));
    }
}
