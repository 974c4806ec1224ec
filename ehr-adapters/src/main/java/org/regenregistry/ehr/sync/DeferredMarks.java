package org.regenregistry.ehr.sync;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.regenregistry.ehr.poll.HighWaterMarks;

/**
 * The marks of one site's sync, recorded only once everything it read has been written to the registry: the poller
 * advances a mark as soon as it has handed every resource over, but the registry writes them later, and a write that
 * fails must leave the marks where they were. Every read of a run starts from the mark stored before the run, and
 * when a type is read in several parts (patients in chunks), the earliest of their marks is kept: the next run then
 * reads again from where the slowest part stood.
 */
final class DeferredMarks {

    /** Marks for a read that is no poll of its type (patients fetched by id): nothing is kept. */
    static final HighWaterMarks NONE = new HighWaterMarks() {
        @Override
        public Optional<Instant> get(String siteId, String resourceType) {
            return Optional.empty();
        }

        @Override
        public void advance(String siteId, String resourceType, Instant mark) {}
    };

    private final String siteId;
    private final SiteMarks stored;
    private final Map<Mark, Instant> pending = new LinkedHashMap<>();

    DeferredMarks(String siteId, SiteMarks stored) {
        this.siteId = siteId;
        this.stored = stored;
    }

    synchronized Optional<Instant> get(Mark mark) {
        return stored.get(siteId, mark);
    }

    synchronized void advance(Mark mark, Instant at) {
        pending.merge(mark, at, (earlier, later) -> earlier.isBefore(later) ? earlier : later);
    }

    /** Records every mark advanced so far. */
    synchronized void commit() {
        pending.forEach((mark, at) -> stored.advance(siteId, mark, at));
        pending.clear();
    }

    /** The poller's view: the mark of its resource type's incremental reads. */
    HighWaterMarks forPolls() {
        return new HighWaterMarks() {
            @Override
            public Optional<Instant> get(String site, String resourceType) {
                return DeferredMarks.this.get(Mark.poll(resourceType));
            }

            @Override
            public void advance(String site, String resourceType, Instant mark) {
                DeferredMarks.this.advance(Mark.poll(resourceType), mark);
            }
        };
    }
}
