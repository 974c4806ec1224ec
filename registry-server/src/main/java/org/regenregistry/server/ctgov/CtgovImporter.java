package org.regenregistry.server.ctgov;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.regenregistry.ctgov.CtgovApi;
import org.regenregistry.ctgov.MappedStudy;
import org.regenregistry.ctgov.MeshConditions;
import org.regenregistry.ctgov.StudyMapper;
import org.regenregistry.ctgov.StudyRecords;
import org.regenregistry.ctgov.TherapyClassifier;
import org.regenregistry.ctgov.UnmappableStudy;
import org.regenregistry.server.system.BackgroundThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Runs ClinicalTrials.gov imports in the background, one at a time in the order asked (up to {@value #QUEUED}
 * waiting): each record is mapped and stored as one transaction, so a record is stored whole or not at all, and one
 * bad record is refused with its reason while the rest go on. A record whose source version (its last update post
 * date) is the one stored is left unchanged without a write; an older one never replaces a newer.
 *
 * <p>Metrics: {@code registry.ctgov.import.records} by outcome (created, updated, unchanged, refused).
 */
@Component
class CtgovImporter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CtgovImporter.class);

    static final int QUEUED = 10;
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);
    private static final Duration SILENCE = Duration.ofMinutes(2);

    private final ImportRuns runs;
    private final StoredTrials trials;
    private final StudyMapper mapper = new StudyMapper(new TherapyClassifier(), MeshConditions.fromPackage());
    private final MeterRegistry meters;
    private final Clock clock = Clock.systemUTC();
    private ThreadPoolTaskExecutor worker;

    CtgovImporter(ImportRuns runs, StoredTrials trials, MeterRegistry meters) {
        this.runs = runs;
        this.trials = trials;
        this.meters = meters;
    }

    /** Where an import's records come from; closed when the import ends, whatever became of it. */
    interface Records extends AutoCloseable {

        void read(Consumer<StudyRecords.Item> each) throws IOException, InterruptedException;

        @Override
        default void close() {}
    }

    /** A file or folder the registry may read, left as it is. */
    static Records path(Path path) {
        return each -> StudyRecords.read(path, each);
    }

    /** A file uploaded for this import alone, its records reported under {@code name}; deleted once imported. */
    static Records upload(Path file, String name) {
        return new Records() {
            @Override
            public void read(Consumer<StudyRecords.Item> each) throws IOException {
                try (InputStream in = Files.newInputStream(file)) {
                    StudyRecords.read(in, name, each);
                }
            }

            @Override
            public void close() {
                delete(file);
            }
        };
    }

    /** The studies a search of the ClinicalTrials.gov API finds. */
    static Records search(CtgovApi api, Map<String, String> parameters) {
        return each -> api.search(parameters, each);
    }

    /**
     * Imports {@code records} in the background, as run {@code source}.
     *
     * @return the run, or empty when {@value #QUEUED} imports are waiting already
     */
    Optional<ImportRun> start(String source, Records records) {
        runs.abandonSilent(SILENCE, clock.instant());
        ImportRun run = runs.start(source, clock.instant());
        try {
            worker.execute(() -> execute(run, records));
            return Optional.of(run);
        } catch (RejectedExecutionException e) {
            runs.finish(
                    run.runId(),
                    ImportRun.State.FAILED,
                    ImportRun.Counts.NONE,
                    "too many imports waiting",
                    clock.instant());
            records.close();
            return Optional.empty();
        }
    }

    private void execute(ImportRun run, Records records) {
        Progress progress = new Progress(run.runId());
        ImportRun.State state = ImportRun.State.FAILED;
        String error = null;
        try {
            records.read(progress::take);
            state = progress.refused == 0 ? ImportRun.State.SUCCEEDED : ImportRun.State.PARTIAL;
        } catch (Interrupted | InterruptedException e) {
            error = "the registry was stopping";
            state = ImportRun.State.ABANDONED;
        } catch (IOException | RuntimeException e) {
            log.warn("ClinicalTrials.gov import {} of {} failed", run.runId(), run.source(), e);
            error = e.toString();
        } finally {
            runs.finish(run.runId(), state, progress.counts(), error, clock.instant());
            records.close();
        }
        log.info("ClinicalTrials.gov import {} of {}: {} {}", run.runId(), run.source(), state, progress.counts());
    }

    /** The counts of one run, written to its row every {@link #PROGRESS_EVERY}. */
    private final class Progress {

        private final String runId;
        private long read, created, updated, unchanged, refused, unclassified;
        private int issues;
        private Instant reported;

        Progress(String runId) {
            this.runId = runId;
            this.reported = clock.instant();
        }

        void take(StudyRecords.Item item) {
            if (Thread.currentThread().isInterrupted()) {
                throw new Interrupted();
            }
            read++;
            if (item.problem() != null) {
                refuse(item.source(), null, item.problem());
            } else {
                store(item);
            }
            Instant now = clock.instant();
            if (Duration.between(reported, now).compareTo(PROGRESS_EVERY) >= 0) {
                runs.progress(runId, counts(), now);
                reported = now;
            }
        }

        private void store(StudyRecords.Item item) {
            MappedStudy mapped;
            try {
                mapped = mapper.map(item.study());
            } catch (UnmappableStudy e) {
                refuse(item.source(), null, e.getMessage());
                return;
            }
            StoredTrials.Carriers carriers = trials.carrying(mapped.nctId(), mapped.trialId());
            if (!carriers.others().isEmpty()) {
                refuse(
                        item.source(),
                        mapped.nctId(),
                        "ResearchStudy/" + carriers.others().get(0) + " carries this NCT number");
                return;
            }
            Optional<String> stored = carriers.sourceVersion();
            if (stored.isPresent() && stored.get().compareTo(mapped.lastUpdated()) >= 0) {
                unchanged++;
                count("unchanged");
                return;
            }
            try {
                trials.store(mapped.transaction(), mapped.trialId(), stored.isPresent());
            } catch (BaseServerResponseException e) {
                refuse(item.source(), mapped.nctId(), reason(e));
                return;
            }
            if (stored.isPresent()) {
                updated++;
                count("updated");
            } else {
                created++;
                count("created");
            }
            if (!mapped.classification().classified()) {
                unclassified++;
                runs.issue(
                        runId,
                        issues++,
                        new ImportRun.Issue(
                                ImportRun.Issue.Outcome.UNCLASSIFIED,
                                item.source(),
                                mapped.nctId(),
                                mapped.classification().unclassifiedReason()));
            }
        }

        private void refuse(String source, String nctId, String reason) {
            refused++;
            count("refused");
            runs.issue(runId, issues++, new ImportRun.Issue(ImportRun.Issue.Outcome.REFUSED, source, nctId, reason));
        }

        ImportRun.Counts counts() {
            return new ImportRun.Counts(read, created, updated, unchanged, refused, unclassified);
        }
    }

    /** Thrown from inside a read when the registry stops, to end the run between two records. */
    private static final class Interrupted extends RuntimeException {

        Interrupted() {
            super(null, null, false, false);
        }
    }

    private void count(String outcome) {
        Counter.builder("registry.ctgov.import.records")
                .tag("outcome", outcome)
                .register(meters)
                .increment();
    }

    private static String reason(BaseServerResponseException refused) {
        if (refused.getOperationOutcome() instanceof OperationOutcome outcome && outcome.hasIssue()) {
            return refused.getStatusCode() + ": "
                    + outcome.getIssue().stream()
                            .map(OperationOutcome.OperationOutcomeIssueComponent::getDiagnostics)
                            .reduce((a, b) -> a + "; " + b)
                            .orElse(refused.getMessage());
        }
        return refused.getStatusCode() + ": " + refused.getMessage();
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.warn("Could not delete the uploaded file {}: {}", path, e.toString());
        }
    }

    /** Marks the runs an earlier, stopped instance left running, and starts the worker. */
    @Override
    public synchronized void start() {
        runs.abandonSilent(SILENCE, clock.instant());
        worker = BackgroundThreads.executor("ctgov-import", 1, QUEUED);
    }

    /** Interrupts the import under way (it ends between two records, as abandoned) and waits for it. */
    @Override
    public synchronized void stop() {
        if (worker != null) {
            worker.shutdown();
            worker = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return worker != null;
    }
}
