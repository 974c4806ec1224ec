package org.regenregistry.server.indexing;

import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.regenregistry.search.trial.TrialIndex;
import org.regenregistry.search.trial.TrialMapper;
import org.regenregistry.search.trial.TrialRecord;
import org.regenregistry.search.trial.TrialWrite;
import org.regenregistry.server.system.BackgroundThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the trial index from the database without downtime, and checks that the index matches the database.
 *
 * <p>A rebuild creates the next generation {@code trials-vN+1} under the rebuild alias (from then on every instance's
 * dispatcher writes to it as well), reads the outbox revisions, then every trial, bulk-loads them at those revisions
 * and swaps the alias. A trial written during the rebuild reaches the new generation through the dispatcher with a
 * higher revision, so it is never lost or overwritten by the rebuild's older copy. Searches read the old generation
 * until the swap.
 */
@Component
public class TrialIndexRebuild {

    static final int PAGE_SIZE = 500;
    /**
     * Bulk writes under way at once: while the node indexes one page, another writer maps and serialises the next, so
     * the node is not left idle between pages.
     */
    private static final int WRITERS = 2;

    private static final int PAGES_IN_FLIGHT = WRITERS + 1;
    private static final int REPORTED_IDS = 50;
    private static final Logger log = LoggerFactory.getLogger(TrialIndexRebuild.class);

    private final SearchNode node;
    private final TrialRecords records;
    private final TrialOutbox outbox;
    private final Clock clock = Clock.systemUTC();
    private final AtomicReference<Status> status = new AtomicReference<>(Status.NONE);
    private final ThreadPoolTaskExecutor rebuilds = BackgroundThreads.executor("trial-index-rebuild", 1, 1);
    private final ThreadPoolTaskExecutor writer =
            BackgroundThreads.executor("trial-index-rebuild-writer", WRITERS, PAGES_IN_FLIGHT);

    TrialIndexRebuild(SearchNode node, TrialRecords records, TrialOutbox outbox) {
        this.node = node;
        this.records = records;
        this.outbox = outbox;
    }

    /**
     * Starts a rebuild in the background.
     *
     * @throws IllegalStateException when a rebuild is already running (here or, by its alias, on another instance)
     */
    public synchronized Status start() throws IOException {
        if (status.get().state() == State.RUNNING) {
            throw new IllegalStateException("A rebuild into " + status.get().index() + " is running");
        }
        String next = node.index().startRebuild();
        Status running = new Status(State.RUNNING, next, 0, clock.instant(), null, null);
        status.set(running);
        rebuilds.execute(() -> run(running));
        return running;
    }

    public Status status() {
        return status.get();
    }

    private void run(Status running) {
        TrialIndex index = node.index();
        AtomicLong indexed = new AtomicLong();
        Deque<Future<Integer>> writing = new ArrayDeque<>();
        try {
            Map<String, Long> revisions = outbox.revisions();
            records.readAll(revisions, PAGE_SIZE, page -> {
                writing.add(writer.submit(() -> write(index, running.index(), page)));
                while (writing.size() > PAGES_IN_FLIGHT) {
                    indexed.addAndGet(written(writing.poll()));
                }
                status.set(new Status(State.RUNNING, running.index(), indexed.get(), running.startedAt(), null, null));
            });
            while (!writing.isEmpty()) {
                indexed.addAndGet(written(writing.poll()));
            }
            requireEveryTrial(index, running.index());
            index.finishRebuild(running.index());
            status.set(new Status(
                    State.FINISHED, running.index(), indexed.get(), running.startedAt(), clock.instant(), null));
            log.info("Trial index rebuilt into {}: {} trials", running.index(), indexed.get());
        } catch (RuntimeException | IOException e) {
            log.error("Trial index rebuild into {} failed", running.index(), e);
            try {
                index.abandonRebuild(running.index());
            } catch (IOException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            status.set(new Status(
                    State.FAILED, running.index(), indexed.get(), running.startedAt(), clock.instant(), e.toString()));
        } finally {
            writing.forEach(page -> page.cancel(true));
        }
    }

    /** Interrupts a rebuild under way (it is abandoned) before the database and the node go. */
    @PreDestroy
    void shutdown() {
        rebuilds.shutdown();
        writer.shutdown();
    }

    /**
     * Refuses to swap to a generation that holds fewer trials than the database, less those still on their way
     * through the outbox: a rebuild that lost trials must never replace the live index.
     */
    private void requireEveryTrial(TrialIndex index, String next) throws IOException {
        long inIndex = index.count(next);
        long expected = records.count() - outbox.depth();
        if (inIndex < expected) {
            throw new IllegalStateException(next + " holds " + inIndex + " trials, the database at least " + expected);
        }
    }

    /** Waits for a page's bulk write: reading the next page from the database overlaps with it. */
    private static int written(Future<Integer> page) {
        try {
            return page.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while rebuilding", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("A bulk write of the rebuild failed", e.getCause());
        }
    }

    private static int write(TrialIndex index, String target, List<TrialRecord> page) {
        List<TrialWrite> writes = page.stream()
                .map(record -> TrialWrite.put(TrialMapper.INSTANCE.toDocument(record)))
                .toList();
        try {
            Map<String, TrialWrite.Outcome> outcomes = index.write(writes, List.of(target), false);
            outcomes.values().stream()
                    .filter(outcome -> !outcome.done())
                    .findFirst()
                    .ifPresent(failed -> {
                        throw new IllegalStateException("Elasticsearch refused a trial: " + failed.failure());
                    });
            return writes.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Compares every trial's version in the database with the live index. Trials waiting in the outbox are in flight,
     * not drift, and are reported apart.
     */
    public Consistency check() throws IOException {
        Set<String> inFlight = outbox.pendingTrials();
        Map<String, Long> indexed = node.index().indexedVersions();
        Map<String, Long> stored = records.versions();
        Set<String> missing = new TreeSet<>();
        Set<String> stale = new TreeSet<>();
        stored.forEach((id, version) -> {
            if (inFlight.contains(id)) {
                return;
            }
            Long indexedVersion = indexed.get(id);
            if (indexedVersion == null) {
                missing.add(id);
            } else if (!indexedVersion.equals(version)) {
                stale.add(id);
            }
        });
        Set<String> unexpected = new TreeSet<>(indexed.keySet());
        unexpected.removeAll(stored.keySet());
        unexpected.removeAll(inFlight);
        return new Consistency(
                stored.size(),
                indexed.size(),
                inFlight.size(),
                missing.size() + stale.size() + unexpected.size() == 0,
                first(missing),
                first(stale),
                first(unexpected));
    }

    private static List<String> first(Set<String> ids) {
        return ids.stream().limit(REPORTED_IDS).toList();
    }

    /** Whether a rebuild ran, runs, finished or failed. */
    public enum State {
        NONE,
        RUNNING,
        FINISHED,
        FAILED
    }

    /**
     * The latest rebuild on this instance.
     *
     * @param trials trials written to the new generation so far
     */
    public record Status(State state, String index, long trials, Instant startedAt, Instant finishedAt, String error) {

        static final Status NONE = new Status(State.NONE, null, 0, null, null, null);
    }

    /**
     * The database against the live index.
     *
     * @param inFlight trials with writes still waiting in the outbox (not counted as drift)
     * @param missing up to 50 trials stored but not indexed
     * @param stale up to 50 trials indexed at another version than stored
     * @param unexpected up to 50 trials indexed but not stored (deleted)
     */
    public record Consistency(
            long databaseTrials,
            long indexedTrials,
            long inFlight,
            boolean consistent,
            List<String> missing,
            List<String> stale,
            List<String> unexpected) {}
}
