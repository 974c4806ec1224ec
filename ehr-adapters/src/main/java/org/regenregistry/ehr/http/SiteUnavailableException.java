package org.regenregistry.ehr.http;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;

/**
 * A request was refused without being sent: the site's circuit is open after repeated failures. The sync should
 * leave the site alone until {@link #retryAt()}.
 */
public class SiteUnavailableException extends IOException {

    private final URI fhirBase;
    private final Instant retryAt;

    public SiteUnavailableException(URI fhirBase, Instant retryAt, String reason) {
        super("The EHR at " + fhirBase + " is unavailable (" + reason + "); it will be tried again at " + retryAt);
        this.fhirBase = fhirBase;
        this.retryAt = retryAt;
    }

    public URI fhirBase() {
        return fhirBase;
    }

    /** When the circuit lets a trial request through (at the earliest). */
    public Instant retryAt() {
        return retryAt;
    }
}
