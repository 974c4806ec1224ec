package org.regenregistry.server.indexing;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/** Wakes the dispatcher as soon as a local write commits, so a trial is searchable without waiting for a poll. */
@Component
class DispatchSignal {

    private final Semaphore signal = new Semaphore(0);

    void wake() {
        if (signal.availablePermits() == 0) {
            signal.release();
        }
    }

    /** Waits for a wake-up or the timeout, whichever comes first. */
    void await(Duration timeout) throws InterruptedException {
        if (signal.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            signal.drainPermits();
        }
    }
}
