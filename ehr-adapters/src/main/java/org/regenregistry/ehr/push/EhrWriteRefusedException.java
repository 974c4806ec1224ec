package org.regenregistry.ehr.push;

import java.io.IOException;

/**
 * The EHR refused a write for what was sent (a 4xx other than a conflict or a throttle): sending the same again will
 * not help, so the caller reports it rather than retries.
 */
public class EhrWriteRefusedException extends IOException {

    private final int status;

    public EhrWriteRefusedException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The EHR's HTTP status, or 0 when the write was not sent because it could not be right (see the message). */
    public int status() {
        return status;
    }
}
