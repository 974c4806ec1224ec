package org.regenregistry.server.ehr;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.AdverseEvent;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ResearchSubject;
import org.hl7.fhir.r4.model.Resource;
import org.regenregistry.ehr.bulk.BulkExportRequest;
import org.regenregistry.ehr.bulk.BulkExportResult;
import org.regenregistry.ehr.http.FhirTransport;
import org.regenregistry.ehr.mapping.Enrolment;
import org.regenregistry.ehr.mapping.MappedSource;
import org.regenregistry.ehr.mapping.MappingContext;
import org.regenregistry.ehr.mapping.MappingIssue;
import org.regenregistry.ehr.mapping.SubjectMapper;
import org.regenregistry.ehr.mapping.SubjectMapping;
import org.regenregistry.ehr.poll.HighWaterMarks;
import org.regenregistry.ehr.poll.IncrementalPoller;
import org.regenregistry.ehr.poll.PollQuery;
import org.regenregistry.ehr.poll.PollResult;
import org.regenregistry.ehr.poll.PollSettings;

/**
 * One sync of one site: which patients are the trial's (the site's Group), what changed about them in the EHR since
 * the last sync (incremental {@code _lastUpdated} searches, with a periodic full sweep of the types the flavour cannot
 * trust, or a Bulk Data Group export with {@code _since}), their mapping onto the registry, and the write; at a
 * read-write site, the registry's enrolments pushed back (see {@link EnrolmentPush}). High-water marks are only
 * recorded once everything read was written: a sync that fails half-way reads the same again.
 */
final class SiteSync {

    /** What the registry reads about each patient, in this order (the Patient first: the others refer to it). */
    static final List<String> TYPES =
            List.of("Patient", "ResearchSubject", "Condition", "Procedure", "Observation", "AdverseEvent");

    /** The pseudo resource type under which a Bulk export's {@code transactionTime} is kept. */
    static final String EXPORT_MARK = "$export";

    private static final String SWEEP_MARK = "sweep:";

    /** Patients named in one search, so that its URL stays short whatever the size of the Group. */
    static final int PATIENTS_PER_SEARCH = 50;

    private final SiteContext site;
    private final SiteConnections connections;
    private final FhirTransport transport;
    private final HighWaterMarks marks;
    private final RegistryWriter writer;
    private final RegistryEnrolments enrolments;
    private final Clock clock;
    private final FhirContext fhir = FhirContext.forR4Cached();

    SiteSync(
            SiteContext site,
            SiteConnections connections,
            HighWaterMarks marks,
            RegistryWriter writer,
            RegistryEnrolments enrolments,
            Clock clock) {
        this.site = site;
        this.connections = connections;
        this.transport = connections.transport(site);
        this.marks = marks;
        this.writer = writer;
        this.enrolments = enrolments;
        this.clock = clock;
    }

    SyncOutcome run() throws IOException, InterruptedException {
        DeferredMarks deferred = new DeferredMarks(marks);
        Map<String, Group.GroupMemberComponent> members = members();
        EnrolmentPush push = site.settings().mode() == EhrSettings.Mode.READ_WRITE
                ? new EnrolmentPush(site, connections.pusher(site), enrolments, members.keySet(), clock)
                : null;
        EnrolmentPush.Result pushedBefore = push == null
                ? EnrolmentPush.Result.NONE
                : push.push(deferred.get(site.id(), EnrolmentPush.PUSH_MARK)
                        .map(mark -> mark.minus(site.settings().overlap()))
                        .orElse(null));
        Collected collected = new Collected(members.keySet());
        if (site.settings().method() == EhrSettings.Method.BULK) {
            export(deferred, collected);
        } else {
            poll(deferred, collected, members.keySet());
        }
        fetchMissingPatients(collected);
        List<MappedSource> batch = new ArrayList<>();
        List<SyncIssue> issues = new ArrayList<>(collected.issues());
        SubjectMapper mapper = new SubjectMapper(clock);
        collected.byPatient().forEach((patientId, resources) -> {
            Optional<Enrolment> enrolment = site.enrolment(members.get(patientId), resources);
            if (enrolment.isEmpty()) {
                issues.add(new SyncIssue(
                        SyncIssue.Outcome.SKIPPED,
                        "Patient/" + patientId,
                        "no enrolment: neither the Group member nor an EHR ResearchSubject gives its start, or no arm"
                                + " is known (an EHR ResearchSubject's assignedArm, or the site's arm setting)"));
                return;
            }
            SubjectMapping mapping = mapper.map(new MappingContext(site.source(), enrolment.get()), resources);
            batch.addAll(mapping.mapped());
            mapping.issues().forEach(issue -> issues.add(skipped(issue)));
        });
        RegistryWriter.Written written = writer.write(batch);
        issues.addAll(written.failures());
        EnrolmentPush.Result pushedAfter =
                push == null ? EnrolmentPush.Result.NONE : push.push(pushedBefore.searchedAt());
        issues.addAll(pushedBefore.issues());
        issues.addAll(pushedAfter.issues());
        if (push != null && pushedBefore.complete() && pushedAfter.complete()) {
            deferred.advance(site.id(), EnrolmentPush.PUSH_MARK, pushedBefore.searchedAt());
        }
        deferred.commit();
        long skipped = issues.stream()
                .filter(issue -> issue.outcome() == SyncIssue.Outcome.SKIPPED)
                .count();
        return new SyncOutcome(
                new SyncCounts(
                        collected.read(),
                        written.created(),
                        written.updated(),
                        written.unchanged(),
                        skipped,
                        issues.size() - skipped,
                        pushedBefore.pushed() + pushedAfter.pushed()),
                issues);
    }

    /** The trial's patients at the site: the members of the site's Group. */
    private Map<String, Group.GroupMemberComponent> members() throws IOException, InterruptedException {
        URI uri = URI.create(transport.fhirBase() + "/Group/" + site.settings().groupId());
        HttpResponse<String> response = transport.send(
                HttpRequest.newBuilder(uri)
                        .header("Accept", "application/fhir+json")
                        .GET(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + uri + " answered " + response.statusCode());
        }
        Group group = fhir.newJsonParser().parseResource(Group.class, response.body());
        Map<String, Group.GroupMemberComponent> members = new LinkedHashMap<>();
        group.getMember()
                .forEach(member -> idOf(member.getEntity(), "Patient").ifPresent(id -> members.put(id, member)));
        return members;
    }

    private void poll(DeferredMarks deferred, Collected collected, Set<String> patients)
            throws IOException, InterruptedException {
        List<String> ids = List.copyOf(patients);
        IncrementalPoller poller = new IncrementalPoller(
                site.id(),
                transport,
                deferred,
                new PollSettings(100, site.settings().overlap()));
        for (String type : TYPES) {
            String sweepKey = SWEEP_MARK + type;
            boolean sweep = site.settings().flavour().sweepTypes().contains(type)
                    && deferred.get(site.id(), sweepKey)
                            .map(last ->
                                    last.plus(site.settings().fullSweepEvery()).isBefore(clock.instant()))
                            .orElse(true);
            for (int from = 0; from < ids.size(); from += PATIENTS_PER_SEARCH) {
                String chunk = String.join(",", ids.subList(from, Math.min(from + PATIENTS_PER_SEARCH, ids.size())));
                PollQuery query = PollQuery.of(type).with(patientParameter(type), chunk);
                PollResult result = sweep
                        ? poller.sweep(query, (resource, included) -> collected.add(resource))
                        : poller.poll(query, (resource, included) -> collected.add(resource));
                result.issues()
                        .forEach(issue -> collected.issue(new SyncIssue(
                                SyncIssue.Outcome.SKIPPED,
                                String.valueOf(issue.page()),
                                issue.severity() + ": " + issue.message())));
            }
            if (sweep) {
                deferred.advance(site.id(), sweepKey, clock.instant());
            }
        }
    }

    private void export(DeferredMarks deferred, Collected collected) throws IOException, InterruptedException {
        BulkExportRequest request =
                BulkExportRequest.group(site.settings().groupId()).withTypes(TYPES.toArray(String[]::new));
        Optional<Instant> since = deferred.get(site.id(), EXPORT_MARK);
        if (since.isPresent()) {
            request = request.withSince(since.get());
        }
        BulkExportResult result = connections.bulk(site).export(request, collected::add, progress -> {});
        result.skippedLines()
                .forEach(line -> collected.issue(new SyncIssue(
                        SyncIssue.Outcome.SKIPPED, line.file() + " line " + line.lineNumber(), line.reason())));
        result.errors()
                .forEach(error -> collected.issue(new SyncIssue(
                        SyncIssue.Outcome.SKIPPED,
                        String.valueOf(error.file()),
                        error.severity() + ": " + error.diagnostics())));
        deferred.advance(site.id(), EXPORT_MARK, result.transactionTime());
    }

    /** A patient whose other resources changed but whose Patient did not is read, for the mapping needs it. */
    private void fetchMissingPatients(Collected collected) throws IOException, InterruptedException {
        List<String> missing = collected.patientsWithoutPatient();
        if (missing.isEmpty()) {
            return;
        }
        IncrementalPoller reader =
                new IncrementalPoller(site.id(), transport, new DeferredMarks(marks), PollSettings.defaults());
        for (int from = 0; from < missing.size(); from += PATIENTS_PER_SEARCH) {
            reader.sweep(
                    PollQuery.of("Patient")
                            .with(
                                    "_id",
                                    String.join(
                                            ",",
                                            missing.subList(
                                                    from, Math.min(from + PATIENTS_PER_SEARCH, missing.size())))),
                    (resource, included) -> collected.add(resource));
        }
    }

    private static String patientParameter(String type) {
        return switch (type) {
            case "Patient" -> "_id";
            case "AdverseEvent" -> "subject";
            default -> "patient";
        };
    }

    /** The id of the EHR patient a resource is about, if it is one the registry reads. */
    static Optional<String> patientOf(Resource resource) {
        if (resource instanceof Patient patient) {
            return Optional.of(patient.getIdElement().getIdPart());
        }
        if (resource instanceof ResearchSubject subject) {
            return idOf(subject.getIndividual(), "Patient");
        }
        if (resource instanceof Condition condition) {
            return idOf(condition.getSubject(), "Patient");
        }
        if (resource instanceof Procedure procedure) {
            return idOf(procedure.getSubject(), "Patient");
        }
        if (resource instanceof Observation observation) {
            return idOf(observation.getSubject(), "Patient");
        }
        if (resource instanceof AdverseEvent event) {
            return idOf(event.getSubject(), "Patient");
        }
        return Optional.empty();
    }

    static Optional<String> idOf(Reference reference, String type) {
        if (reference == null || !reference.hasReferenceElement()) {
            return Optional.empty();
        }
        var id = reference.getReferenceElement();
        return type.equals(id.getResourceType()) ? Optional.of(id.getIdPart()) : Optional.empty();
    }

    private static SyncIssue skipped(MappingIssue issue) {
        return new SyncIssue(
                SyncIssue.Outcome.SKIPPED, issue.source(), issue.kind().name().toLowerCase() + ": " + issue.reason());
    }

    /** What a sync did, for the run's record. */
    record SyncOutcome(SyncCounts counts, List<SyncIssue> issues) {}
}
