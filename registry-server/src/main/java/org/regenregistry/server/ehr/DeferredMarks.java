package org.regenregistry.server.ehr;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.regenregistry.ehr.poll.HighWaterMarks;

/**
 * High-water marks that a sync records only once everything it read has been written to the registry: the poller
 * advances a mark as soon as it has handed every resource over, but the registry writes them later, and a write that
 * fails must leave the marks where they were. Every read of a run starts from the mark stored before the run, and
 * when a type is read in several parts (patients in chunks), the earliest of their marks is kept: the next run then
 * reads again from where the slowest part stood.
 */
final class DeferredMarks implements HighWaterMarks {

    private final HighWaterMarks stored;
    private final Map<String, Instant> pending = new LinkedHashMap<>();

    DeferredMarks(HighWaterMarks stored) {
        this.stored = stored;
    }

    @Override
    public synchronized Optional<Instant> get(String siteId, String resourceType) {
        return stored.get(siteId, resourceType);
    }

    @Override
    public synchronized void advance(String siteId, String resourceType, Instant mark) {
        pending.merge(key(siteId, resourceType), mark, (earlier, later) -> earlier.isBefore(later) ? earlier : later);
    }

    /** Records every mark advanced so far. */
    synchronized void commit() {
        pending.forEach((key, mark) -> {
            int separator = key.indexOf('\n');
            stored.advance(key.substring(0, separator), key.substring(separator + 1), mark);
        });
        pending.clear();
    }

    private static String key(String siteId, String resourceType) {
        return siteId + '\n' + resourceType;
    }
}
