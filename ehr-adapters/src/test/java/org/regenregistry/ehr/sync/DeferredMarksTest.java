package org.regenregistry.ehr.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeferredMarksTest {

    private static final Instant STORED = Instant.parse("2026-11-24T08:00:00Z");
    private static final Mark OBSERVATIONS = Mark.poll("Observation");

    private final Map<Mark, Instant> database = new HashMap<>(Map.of(OBSERVATIONS, STORED));
    private final SiteMarks stored = new SiteMarks() {
        @Override
        public Optional<Instant> get(String siteId, Mark mark) {
            return Optional.ofNullable(database.get(mark));
        }

        @Override
        public void advance(String siteId, Mark mark, Instant at) {
            database.put(mark, at);
        }
    };

    @Test
    void marksReachTheDatabaseOnlyOnCommitAndEveryPartReadsFromTheStoredMark() {
        DeferredMarks marks = new DeferredMarks("st-olaf", stored);

        marks.forPolls().advance("st-olaf", "Observation", Instant.parse("2026-11-24T10:00:00Z"));

        assertThat(marks.forPolls().get("st-olaf", "Observation")).contains(STORED);
        assertThat(database).containsEntry(OBSERVATIONS, STORED);
        marks.commit();
        assertThat(database).containsEntry(OBSERVATIONS, Instant.parse("2026-11-24T10:00:00Z"));
    }

    @Test
    void aTypeReadInPartsKeepsTheEarliestMark() {
        DeferredMarks marks = new DeferredMarks("st-olaf", stored);

        marks.advance(OBSERVATIONS, Instant.parse("2026-11-24T10:00:05Z"));
        marks.advance(OBSERVATIONS, Instant.parse("2026-11-24T10:00:01Z"));
        marks.advance(OBSERVATIONS, Instant.parse("2026-11-24T10:00:09Z"));
        marks.commit();

        assertThat(database).containsEntry(OBSERVATIONS, Instant.parse("2026-11-24T10:00:01Z"));
    }

    @Test
    void aRunThatFailsBeforeCommittingLeavesTheStoredMarks() {
        DeferredMarks marks = new DeferredMarks("st-olaf", stored);

        marks.advance(OBSERVATIONS, Instant.parse("2026-11-24T10:00:00Z"));
        marks.advance(Mark.EXPORT, Instant.parse("2026-11-24T10:00:00Z"));

        assertThat(database).containsOnly(Map.entry(OBSERVATIONS, STORED));
    }
}
