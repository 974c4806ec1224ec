package org.regenregistry.ehr.poll;

import java.time.Instant;
import java.util.Optional;

/**
 * Where the {@link IncrementalPoller} keeps, per site and resource type, the server time from which the next poll
 * reads. The application stores them durably (one row per site and type); implementations must be thread-safe.
 */
public interface HighWaterMarks {

    /** The mark of the last complete read of the type at the site; empty before the first one. */
    Optional<Instant> get(String siteId, String resourceType);

    /**
     * Records a complete read of the type at the site. Called only after every resource was handed over and
     * accepted, so a read that failed half-way leaves the previous mark and is read again next time. The mark is the
     * EHR's time, not the registry's, and need not be later than the previous one.
     */
    void advance(String siteId, String resourceType, Instant mark);
}
