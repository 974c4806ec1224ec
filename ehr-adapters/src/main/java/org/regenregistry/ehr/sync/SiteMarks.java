package org.regenregistry.ehr.sync;

import java.time.Instant;
import java.util.Optional;

/**
 * Where the application keeps how far each site's sync has read, durably (a restart must neither read everything
 * again nor skip what was not read). A sync advances its marks only once everything it read has been written to the
 * registry. Implementations must be thread-safe.
 */
public interface SiteMarks {

    /** The mark as last advanced; empty before the first complete read. */
    Optional<Instant> get(String siteId, Mark mark);

    /** Records the mark; it need not be later than the previous one (an EHR's time may go back). */
    void advance(String siteId, Mark mark, Instant at);
}
