package org.regenregistry.server.ehr;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockProvider;
import net.javacrumbs.shedlock.core.SimpleLock;
import org.springframework.stereotype.Component;

/**
 * One sync at a time per site, across every registry instance on the database: a lease per site from the registry's
 * ShedLock provider (in the database, by the database's clock). A run holds the lease
 * while it works and extends it; an instance that dies loses it when the lease ends, so another instance can sync
 * the site again. (A database lock held for a whole sync would keep a transaction open for minutes.)
 */
@Component
class SiteLocks {

    private final LockProvider locks;

    SiteLocks(LockProvider locks) {
        this.locks = locks;
    }

    /** The site's lease for {@code lease}, unless another run holds it. */
    Optional<Lease> acquire(String siteId, Duration lease) {
        return locks.lock(configuration(siteId, lease)).map(lock -> new Lease(siteId, lock));
    }

    private static LockConfiguration configuration(String siteId, Duration lease) {
        return new LockConfiguration(Instant.now(), "ehr-sync:" + siteId, lease, Duration.ZERO);
    }

    /** A site's lease, held by one run. */
    static final class Lease {

        private final String siteId;
        private SimpleLock lock;

        private Lease(String siteId, SimpleLock lock) {
            this.siteId = siteId;
            this.lock = lock;
        }

        /** Extends the lease by {@code lease} from now; false when it was lost (it ran out and another run took it). */
        synchronized boolean renew(Duration lease) {
            Optional<SimpleLock> extended = lock.extend(lease, Duration.ZERO);
            extended.ifPresent(renewed -> lock = renewed);
            return extended.isPresent();
        }

        synchronized void release() {
            lock.unlock();
        }

        String siteId() {
            return siteId;
        }
    }
}
