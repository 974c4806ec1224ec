package org.regenregistry.ehr.poll;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** High-water marks kept in memory, as the application keeps them in its database. */
final class InMemoryHighWaterMarks implements HighWaterMarks {

    private final Map<List<String>, Instant> marks = new ConcurrentHashMap<>();

    @Override
    public Optional<Instant> get(String siteId, String resourceType) {
        return Optional.ofNullable(marks.get(List.of(siteId, resourceType)));
    }

    @Override
    public void advance(String siteId, String resourceType, Instant mark) {
        marks.put(List.of(siteId, resourceType), mark);
    }
}
