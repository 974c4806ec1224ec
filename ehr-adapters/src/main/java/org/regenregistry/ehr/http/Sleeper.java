package org.regenregistry.ehr.http;

import java.time.Duration;

/** How a {@link ResilientTransport} waits before a retry; tests inject one that records the waits instead. */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;

    /** Blocks the calling thread. */
    static Sleeper system() {
        return duration -> Thread.sleep(duration.toMillis());
    }
}
