package org.regenregistry.ehr.sync;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.ResearchSubject;
import org.hl7.fhir.r4.model.ResearchSubject.ResearchSubjectStatus;
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
final class SiteRun {

    /** What the registry reads about each patient, in this order (the Patient first: the others refer to it). */
    static final List<String> TYPES =
            List.of("Patient", "ResearchSubject", "Condition", "Procedure", "Observation", "AdverseEvent");

    /** Patients named in one search, so that its URL stays short whatever the size of the Group. */
    static final int PATIENTS_PER_SEARCH = 50;

    private final Connection connection;
    private final SiteSpec site;
    private final FhirTransport transport;
    private final DeferredMarks marks;
    private final Registry registry;
    private final Clock clock;
    private final FhirContext fhir = FhirContext.forR4Cached();

    SiteRun(Connection connection, DeferredMarks marks, Registry registry, Clock clock) {
        this.connection = connection;
        this.site = connection.site();
        this.transport = connection.transport();
        this.marks = marks;
        this.registry = registry;
        this.clock = clock;
    }

    SyncOutcome run() throws IOException, InterruptedException {
        Map<String, Group.GroupMemberComponent> members = members();
        EnrolmentPush push = site.mode() == SiteSpec.Mode.READ_WRITE
                ? new EnrolmentPush(site, connection.pusher(), registry, members.keySet(), clock)
                : null;
        EnrolmentPush.Result pushedBefore = push == null
                ? EnrolmentPush.Result.NONE
                : push.push(marks.get(Mark.PUSH)
                        .map(mark -> mark.minus(site.overlap()))
                        .orElse(null));
        Collected collected = new Collected(members.keySet());
        if (site.method() == SiteSpec.Method.BULK) {
            export(collected);
        } else {
            poll(collected, members.keySet());
        }
        fetchMissingPatients(collected);
        List<MappedSource> batch = new ArrayList<>();
        List<SyncIssue> issues = new ArrayList<>(collected.issues());
        SubjectMapper mapper = new SubjectMapper(clock);
        collected.byPatient().forEach((patientId, resources) -> {
            Optional<Enrolment> enrolment = enrolment(members.get(patientId), resources);
            if (enrolment.isEmpty()) {
                issues.add(SyncIssue.skipped(
                        "Patient/" + patientId,
                        "no enrolment: neither the Group member nor an EHR ResearchSubject gives its start, or no arm"
                                + " is known (an EHR ResearchSubject's assignedArm, or the site's arm setting)"));
                return;
            }
            SubjectMapping mapping = mapper.map(new MappingContext(site.source(), enrolment.get()), resources);
            batch.addAll(mapping.mapped());
            mapping.issues().forEach(issue -> issues.add(skipped(issue)));
        });
        RegistryWrites.Written written = new RegistryWrites(registry).write(batch);
        issues.addAll(written.failures());
        EnrolmentPush.Result pushedAfter =
                push == null ? EnrolmentPush.Result.NONE : push.push(pushedBefore.searchedAt());
        issues.addAll(pushedBefore.issues());
        issues.addAll(pushedAfter.issues());
        if (push != null && pushedBefore.complete() && pushedAfter.complete()) {
            marks.advance(Mark.PUSH, pushedBefore.searchedAt());
        }
        marks.commit();
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
        URI uri = URI.create(transport.fhirBase() + "/Group/" + site.groupId());
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
        group.getMember().forEach(member -> Patients.idOf(member.getEntity(), "Patient")
                .ifPresent(id -> members.put(id, member)));
        return members;
    }

    private void poll(Collected collected, Set<String> patients) throws IOException, InterruptedException {
        List<String> ids = List.copyOf(patients);
        IncrementalPoller poller =
                new IncrementalPoller(site.id(), transport, marks.forPolls(), new PollSettings(100, site.overlap()));
        for (String type : TYPES) {
            Mark sweepMark = Mark.sweep(type);
            boolean sweep = site.flavour().sweepTypes().contains(type)
                    && marks.get(sweepMark)
                            .map(last -> last.plus(site.fullSweepEvery()).isBefore(clock.instant()))
                            .orElse(true);
            for (int from = 0; from < ids.size(); from += PATIENTS_PER_SEARCH) {
                String chunk = String.join(",", ids.subList(from, Math.min(from + PATIENTS_PER_SEARCH, ids.size())));
                PollQuery query = PollQuery.of(type).with(patientParameter(type), chunk);
                PollResult result = sweep
                        ? poller.sweep(query, (resource, included) -> collected.add(resource))
                        : poller.poll(query, (resource, included) -> collected.add(resource));
                result.issues()
                        .forEach(issue -> collected.issue(SyncIssue.skipped(
                                String.valueOf(issue.page()), issue.severity() + ": " + issue.message())));
            }
            if (sweep) {
                marks.advance(sweepMark, clock.instant());
            }
        }
    }

    private void export(Collected collected) throws IOException, InterruptedException {
        BulkExportRequest request = BulkExportRequest.group(site.groupId()).withTypes(TYPES.toArray(String[]::new));
        Optional<Instant> since = marks.get(Mark.EXPORT);
        if (since.isPresent()) {
            request = request.withSince(since.get());
        }
        BulkExportResult result = connection.bulk().export(request, collected::add, progress -> {});
        result.skippedLines()
                .forEach(line ->
                        collected.issue(SyncIssue.skipped(line.file() + " line " + line.lineNumber(), line.reason())));
        result.errors()
                .forEach(error -> collected.issue(SyncIssue.skipped(
                        String.valueOf(error.file()), error.severity() + ": " + error.diagnostics())));
        marks.advance(Mark.EXPORT, result.transactionTime());
    }

    /** A patient whose other resources changed but whose Patient did not is read, for the mapping needs it. */
    private void fetchMissingPatients(Collected collected) throws IOException, InterruptedException {
        List<String> missing = collected.patientsWithoutPatient();
        if (missing.isEmpty()) {
            return;
        }
        IncrementalPoller reader =
                new IncrementalPoller(site.id(), transport, DeferredMarks.NONE, PollSettings.defaults());
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

    /**
     * The subject's enrolment in the site's trial: its start from the Group member (or the EHR's ResearchSubject),
     * its arm from the EHR's ResearchSubject (or the site's setting), withdrawn when the Group marks the member
     * inactive.
     */
    private Optional<Enrolment> enrolment(Group.GroupMemberComponent member, List<Resource> resources) {
        ResearchSubject ehr = resources.stream()
                .filter(ResearchSubject.class::isInstance)
                .map(ResearchSubject.class::cast)
                .findFirst()
                .orElse(null);
        Date start = member != null && member.getPeriod().hasStart()
                ? member.getPeriod().getStart()
                : ehr != null && ehr.getPeriod().hasStart() ? ehr.getPeriod().getStart() : null;
        String arm = ehr != null && ehr.hasAssignedArm() ? ehr.getAssignedArm() : site.arm();
        if (start == null || arm == null) {
            return Optional.empty();
        }
        ResearchSubjectStatus status = ehr != null && ehr.hasStatus()
                ? ehr.getStatus()
                : member != null && member.getInactive()
                        ? ResearchSubjectStatus.WITHDRAWN
                        : ResearchSubjectStatus.ONSTUDY;
        return Optional.of(new Enrolment(
                "ResearchStudy/" + site.trial(),
                arm,
                LocalDate.ofInstant(start.toInstant(), ZoneOffset.UTC),
                status,
                site.products(),
                ehr == null
                        ? null
                        : Patients.idOf(ehr.getStudy(), "ResearchStudy").orElse(null)));
    }

    private static String patientParameter(String type) {
        return switch (type) {
            case "Patient" -> "_id";
            case "AdverseEvent" -> "subject";
            default -> "patient";
        };
    }

    private static SyncIssue skipped(MappingIssue issue) {
        return SyncIssue.skipped(issue.source(), issue.kind().name().toLowerCase() + ": " + issue.reason());
    }
}
