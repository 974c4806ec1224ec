package org.regenregistry.ehr.poll;

import java.time.Duration;
import java.util.Objects;

/**
 * How an {@link IncrementalPoller} reads a site.
 *
 * @param pageSize the {@code _count} asked for per page; the EHR may send fewer
 * @param overlap how far before the high-water mark a poll starts reading, so that resources whose
 *     {@code meta.lastUpdated} was set before the previous poll but which were committed after it are not missed
 */
public record PollSettings(int pageSize, Duration overlap) {

    public PollSettings {
        Objects.requireNonNull(overlap, "overlap");
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1, not " + pageSize);
        }
        if (overlap.isNegative()) {
            throw new IllegalArgumentException("overlap must not be negative, not " + overlap);
        }
    }

    /** Pages of 100, an overlap of 5 minutes. */
    public static PollSettings defaults() {
        return new PollSettings(100, Duration.ofMinutes(5));
    }
}
