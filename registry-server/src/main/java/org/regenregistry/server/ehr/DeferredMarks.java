package org.regenregistry.server.ehr;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.regenregistry.ehr.poll.HighWaterMarks;

/**
 * High-water marks that a sync records only once everything it read has been written to the registry: the poller
 * advances a mark as soon as it has handed every resource over, but the registry writes them later, and a write that
 * fails must leave the marks where they were.
 */
final class DeferredMarks implements HighWaterMarks {

    private final HighWaterMarks stored;
    private final Map<String, Instant> pending = new LinkedHashMap<>();

    DeferredMarks(HighWaterMarks stored) {
        this.stored = stored;
    }

    @Override
    public synchronized Optional<Instant> get(String siteId, String resourceType) {
        Instant mark = pending.get(key(siteId, resourceType));
        return mark != null ? Optional.of(mark) : stored.get(siteId, resourceType);
    }

    @Override
    public synchronized void advance(String siteId, String resourceType, Instant mark) {
        pending.put(key(siteId, resourceType), mark);
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
