package org.regenregistry.server.submission;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.StrictErrorHandler;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ParameterUtil;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PayloadTooLargeException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.util.OperationOutcomeUtil;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.FlushModeType;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Composition;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ResearchStudy;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.regenregistry.profiles.RegistryExtensions;
import org.regenregistry.profiles.RegistryIdentifierSystems;
import org.regenregistry.profiles.RegistryProfiles;
import org.regenregistry.server.access.BulkExportAccessInterceptor;
import org.regenregistry.server.access.SiteLabels;
import org.regenregistry.server.profiles.ProfileEnforcementConfig;
import org.regenregistry.server.profiles.ProfileViolations;
import org.regenregistry.server.security.Caller;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.orm.jpa.EntityManagerFactoryUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Receives, reviews and verifies outcome submissions. A submission is taken in one database transaction: its records
 * (written as the submitting site, so every rule of a site's own writes applies: its label, its references, the
 * profiles), the Binary of the bytes as received, a Provenance carrying the signature with a version-specific target
 * for every record written, the review Task and the registry's row; a failure anywhere stores nothing.
 */
@Component
class Submissions {

    /** The review states of a submission, as its Task's status, and where a regulator may move each. */
    static final Map<String, Set<String>> TRANSITIONS = Map.of(
            "requested", Set.of("in-progress", "on-hold", "rejected", "completed"),
            "in-progress", Set.of("on-hold", "rejected", "completed"),
            "on-hold", Set.of("in-progress", "rejected", "completed"),
            "completed", Set.of(),
            "rejected", Set.of(),
            "cancelled", Set.of());

    private static final String PARTICIPANT_TYPE = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";
    private static final String FHIR_JSON = "application/fhir+json";

    private final FhirContext fhir;
    private final DaoRegistry daos;
    private final IFhirSystemDao<Bundle, ?> system;
    private final FhirValidator validator;
    private final SignerKeys keys;
    private final SubmissionStore store;
    private final SubmissionSettings settings;
    private final TransactionTemplate transactions;
    private final EntityManagerFactory entityManagerFactory;
    private final Clock clock;

    Submissions(
            FhirContext fhir,
            DaoRegistry daos,
            IFhirSystemDao<Bundle, ?> system,
            @Qualifier(ProfileEnforcementConfig.REGISTRY_VALIDATOR) FhirValidator validator,
            SignerKeys keys,
            SubmissionStore store,
            SubmissionSettings settings,
            PlatformTransactionManager transactionManager,
            EntityManagerFactory entityManagerFactory) {
        this.fhir = fhir;
        this.daos = daos;
        this.system = system;
        this.validator = validator;
        this.keys = keys;
        this.store = store;
        this.settings = settings;
        this.transactions = new TransactionTemplate(transactionManager);
        this.entityManagerFactory = entityManagerFactory;
        this.clock = Clock.systemUTC();
    }

    /** What a submission made: the submission and its records; {@code again} when the same package came before. */
    record Receipt(Submission submission, List<Submission.Written> records, boolean again) {}

    /**
     * Takes in the package {@code body} that {@code caller}, a site's client, submitted with {@code request}.
     *
     * @throws BaseServerResponseException 400 (not a FHIR Bundle), 403 (signed with a key not the site's), 413 (more
     *     records than allowed), 422 (unsigned, bad signature, an entry or the package breaks its profile, the period
     *     is not one of the trial's), 409 (another submission for the same period at the same moment)
     */
    Receipt receive(RequestDetails request, Caller caller, byte[] body) {
        String site = caller.site();
        ObjectNode json;
        try {
            json = CanonicalJson.parse(body);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(e.getMessage());
        }
        if (!"Bundle".equals(json.path("resourceType").asText())) {
            throw unprocessable(
                    "$submit-outcome takes an outcome submission Bundle (profile " + RegistryProfiles.OUTCOME_SUBMISSION
                            + "), not a " + json.path("resourceType").asText("JSON object"));
        }
        SubmissionSignature.Signed signed;
        try {
            signed = SubmissionSignature.verify(json, site, kid -> keys.find(site, kid));
        } catch (SubmissionSignature.Refused refused) {
            throw refused.status() == 403
                    ? new ForbiddenOperationException(refused.getMessage(), outcome(refused.getMessage(), "security"))
                    : unprocessable(refused.getMessage());
        }
        Bundle bundle;
        try {
            // strictly: an element the parser would drop is signed and kept in the Binary, so it must not be lost from
            // the records written
            bundle = fhir.newJsonParser()
                    .setParserErrorHandler(new StrictErrorHandler())
                    .parseResource(Bundle.class, new String(body, StandardCharsets.UTF_8));
        } catch (DataFormatException e) {
            throw new InvalidRequestException("The submission is not a valid FHIR Bundle: " + e.getMessage());
        }
        if (bundle.getEntry().size() > settings.maxRecords() + 1) {
            throw new PayloadTooLargeException(
                    "The submission holds " + (bundle.getEntry().size() - 1)
                            + " records, more than registry.submissions.max-records (" + settings.maxRecords() + ")");
        }
        String digest = CanonicalJson.sha256(body);
        Identifier identifier = bundle.getIdentifier();
        Optional<Submission> same = store.byIdentifier(site, identifier.getSystem(), identifier.getValue());
        // the very bytes accepted before: the same submission, answered without checking it all again
        if (same.isPresent()) {
            if (!same.get().digest().equals(digest)) {
                throw unprocessable("Submission identifier " + identifier.getSystem() + "|" + identifier.getValue()
                        + " was received on " + same.get().received() + " with other content; a new package takes a"
                        + " new identifier");
            }
            return new Receipt(same.get(), store.records(same.get().id()), true);
        }
        conform(bundle);
        Composition header = (Composition) bundle.getEntryFirstRep().getResource();
        ResearchStudy trial = trialOf(header.getSubject());
        Period period = header.getEventFirstRep().getPeriod();
        LocalDate start = ReportingSchedule.date(period.getStartElement().getValueAsString());
        LocalDate end = ReportingSchedule.date(period.getEndElement().getValueAsString());
        if (end.isBefore(start)) {
            throw unprocessable("The reporting period ends (" + end + ") before it starts (" + start + ")");
        }
        ReportingSchedule.of(trial).ifPresent(schedule -> {
            if (schedule.period(start, end).isEmpty()) {
                throw unprocessable("The period " + start + ".." + end + " is not a reporting period of trial "
                        + trial.getIdPart() + " (periods of " + schedule.amount() + " " + schedule.unit() + " from "
                        + schedule.start() + ")");
            }
        });
        String trialId = trial.getIdElement().getIdPart();
        Optional<Submission> previous = store.current(trialId, site, start, end);
        String reason = header.hasExtension(RegistryExtensions.RESUBMISSION_REASON)
                ? header.getExtensionByUrl(RegistryExtensions.RESUBMISSION_REASON)
                        .getValue()
                        .primitiveValue()
                : null;
        if (previous.isPresent() && (reason == null || reason.isBlank())) {
            throw unprocessable("Site " + site + " submitted for trial " + trialId + " and period " + start + ".."
                    + end + " on " + previous.get().received() + " (submission "
                    + previous.get().id()
                    + "); a re-submission says why, in the header's resubmission-reason extension");
        }
        List<Entry> entries = entries(bundle, json);
        fits("the submission's identifier", identifier.getSystem(), 500);
        fits("the submission's identifier", identifier.getValue(), 500);
        fits("the resubmission reason", reason, 2000);
        fits("the signer (Bundle.signature.who)", signed.signer(), 500);
        fits("the key id", signed.keyId(), 200);
        fits("the signer's public key", signed.key().toJSONString(), 10_000);
        fits("Bundle.signature.when", signed.when(), 40);
        Submission submission = new Submission(
                UUID.randomUUID().toString(),
                identifier.getSystem(),
                identifier.getValue(),
                trialId,
                site,
                start,
                end,
                clock.instant(),
                caller.client(),
                signed.signer(),
                signed.when() == null ? "" : signed.when(),
                signed.keyId(),
                signed.algorithm(),
                signed.key().toJSONString(),
                digest,
                null,
                null,
                null,
                "requested",
                previous.map(Submission::id).orElse(null),
                null,
                reason,
                entries.size());
        try {
            return transactions.execute(status -> store(request, submission, bundle, entries, body, previous));
        } catch (DataIntegrityViolationException e) {
            Optional<Submission> raced = store.byIdentifier(site, identifier.getSystem(), identifier.getValue());
            if (raced.isPresent() && raced.get().digest().equals(digest)) {
                return new Receipt(raced.get(), store.records(raced.get().id()), true);
            }
            throw new ResourceVersionConflictException("Another submission for trial " + trialId + ", site " + site
                    + " and period " + start + ".." + end + " was received at the same moment; submit again");
        }
    }

    /** Refuses a value longer than the registry keeps (422), rather than failing on the database's limit. */
    private void fits(String what, String value, int length) {
        if (value != null && value.length() > length) {
            throw unprocessable(what + " is longer than " + length + " characters");
        }
    }

    /**
     * One record of a package: the resource, the identifier it is matched by, and the digest of its content as
     * submitted (without the package's local {@code id} and {@code meta}), which tells whether a re-submission
     * changed it.
     */
    private record Entry(Resource resource, Identifier identifier, String digest) {}

    private Receipt store(
            RequestDetails request,
            Submission received,
            Bundle bundle,
            List<Entry> entries,
            byte[] body,
            Optional<Submission> previous) {
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (int index = 0; index < entries.size(); index++) {
            Entry entry = entries.get(index);
            Resource resource = entry.resource().copy();
            resource.setId((String) null);
            transaction
                    .addEntry()
                    .setFullUrl(bundle.getEntry().get(index + 1).getFullUrl())
                    .setResource(resource)
                    .getRequest()
                    .setMethod(Bundle.HTTPVerb.PUT)
                    .setUrl(SiteLabels.narrowedMatchUrl(
                            resource.fhirType() + "?identifier="
                                    + URLEncoder.encode(
                                            entry.identifier().getSystem() + "|"
                                                    + ParameterUtil.escape(
                                                            entry.identifier().getValue()),
                                            StandardCharsets.UTF_8),
                            received.site()));
        }
        ProfileViolations.validatedAlready(
                request,
                transaction.getEntry().stream()
                        .map(Bundle.BundleEntryComponent::getResource)
                        .toList());
        // flushed once, after the records and the Binary, not before each query: the records are new or matched by
        // identifier against what is committed, and a flush before every query of a large package would go over every
        // record written so far (HAPI looks up each reference with a query)
        EntityManager session = EntityManagerFactoryUtils.getTransactionalEntityManager(entityManagerFactory);
        session.setFlushMode(FlushModeType.COMMIT);
        Bundle response = system.transactionNested(request, transaction);
        List<Submission.Written> written = new ArrayList<>();
        for (int index = 0; index < entries.size(); index++) {
            IdType id = new IdType(response.getEntry().get(index).getResponse().getLocation());
            written.add(new Submission.Written(
                    index,
                    id.getResourceType(),
                    id.getIdPart(),
                    id.getVersionIdPartAsLong(),
                    entries.get(index).identifier().getSystem() + "|"
                            + entries.get(index).identifier().getValue(),
                    entries.get(index).digest(),
                    CanonicalJson.contentDigest(
                            fhir, transaction.getEntry().get(index).getResource())));
        }
        Date now = Date.from(received.received());
        String site = received.site();

        Binary binary = new Binary();
        binary.setContentType(FHIR_JSON);
        binary.setData(body);
        IIdType binaryId = create(binary, site);
        session.flush();

        Task task = new Task();
        task.setStatus(Task.TaskStatus.REQUESTED);
        task.setIntent(Task.TaskIntent.ORDER);
        task.addIdentifier().setSystem(received.identifierSystem()).setValue(received.identifierValue());
        task.getCode().setText("Review of an outcome submission");
        task.setDescription("Outcome submission of site " + site + " for trial " + received.trial() + ", period "
                + received.periodStart() + " to " + received.periodEnd());
        task.setFocus(new Reference(binaryId.toUnqualifiedVersionless()));
        task.setRequester(siteReference(site));
        task.setAuthoredOn(now);
        task.setLastModified(now);
        task.getRestriction()
                .getPeriod()
                .setStartElement(new org.hl7.fhir.r4.model.DateTimeType(
                        received.periodStart().toString()))
                .setEndElement(new org.hl7.fhir.r4.model.DateTimeType(
                        received.periodEnd().toString()));
        IIdType taskId = create(task, site);

        Provenance provenance = new Provenance();
        written.forEach(record -> provenance.addTarget(new Reference(record.reference())));
        provenance.setRecorded(now);
        provenance.setActivity(new CodeableConcept().setText("outcome submission"));
        Provenance.ProvenanceAgentComponent signer = provenance.addAgent();
        signer.getType().addCoding(new Coding(PARTICIPANT_TYPE, "author", "Author"));
        signer.setWho(signerOf(bundle.getSignature().getWho()));
        signer.setOnBehalfOf(siteReference(site));
        Provenance.ProvenanceAgentComponent enterer = provenance.addAgent();
        enterer.getType().addCoding(new Coding(PARTICIPANT_TYPE, "enterer", "Enterer"));
        enterer.setWho(new Reference()
                .setIdentifier(new Identifier()
                        .setSystem(BulkExportAccessInterceptor.CLIENT_SYSTEM)
                        .setValue(received.client())));
        provenance.addEntity().setRole(Provenance.ProvenanceEntityRole.SOURCE).setWhat(new Reference(binaryId));
        provenance.addSignature(bundle.getSignature().copy());
        IIdType provenanceId = create(provenance, site);

        previous.ifPresent(earlier -> {
            String state = TRANSITIONS.get(earlier.state()).isEmpty() ? earlier.state() : "cancelled";
            store.supersede(earlier, received.id(), state);
            note(earlier, state, "registry", "Superseded by submission " + received.id() + ": " + received.reason());
        });
        Submission submission = new Submission(
                received.id(),
                received.identifierSystem(),
                received.identifierValue(),
                received.trial(),
                site,
                received.periodStart(),
                received.periodEnd(),
                received.received(),
                received.client(),
                received.signer(),
                received.signedAt(),
                received.keyId(),
                received.algorithm(),
                received.signerKey(),
                received.digest(),
                binaryId.toUnqualifiedVersionless().getValue(),
                provenanceId.toUnqualifiedVersionless().getValue(),
                taskId.toUnqualifiedVersionless().getValue(),
                received.state(),
                received.supersedes(),
                null,
                received.reason(),
                written.size());
        store.insert(submission, written);
        return new Receipt(submission, written, false);
    }

    /**
     * Moves a submission's review to {@code state}, with {@code note} by {@code reviewer}, as its Task's status.
     *
     * @throws IllegalStateException when the review cannot move there from where it is
     */
    Submission review(String id, String state, String note, String reviewer) {
        return transactions.execute(status -> {
            if (!TRANSITIONS.containsKey(state) || "cancelled".equals(state)) {
                throw new IllegalArgumentException(
                        "A review moves to in-progress, on-hold, completed or rejected, not " + state);
            }
            Submission submission = found(id);
            Set<String> allowed = TRANSITIONS.get(submission.state());
            if (!allowed.contains(state) || !store.moveState(id, submission.state(), state)) {
                throw new IllegalStateException("A review in state " + submission.state() + " cannot move to " + state
                        + (allowed.isEmpty() ? " (it is closed)" : "; it can move to " + new TreeSet<>(allowed)));
            }
            note(submission, state, reviewer, note == null || note.isBlank() ? "Moved to " + state : note);
            return store.byId(id).orElseThrow();
        });
    }

    /** The review notes of a submission, oldest first, from its Task. */
    List<Map<String, String>> notes(Submission submission) {
        Task task = (Task) daos.getResourceDao("Task").read(new IdType(submission.task()), internal());
        return task.getNote().stream()
                .map(note -> {
                    Map<String, String> out = new LinkedHashMap<>();
                    out.put("author", note.getAuthorStringType().getValue());
                    out.put("time", note.getTimeElement().getValueAsString());
                    out.put("text", note.getText());
                    return out;
                })
                .toList();
    }

    private void note(Submission submission, String state, String author, String text) {
        @SuppressWarnings("unchecked")
        IFhirResourceDao<Task> tasks = daos.getResourceDao("Task");
        Task task = tasks.read(new IdType(submission.task()), internal());
        task.setStatus(Task.TaskStatus.fromCode(state));
        Date now = Date.from(clock.instant());
        task.setLastModified(now);
        if (text != null && !text.isBlank()) {
            task.addNote(new Annotation()
                    .setText(text)
                    .setTime(now)
                    .setAuthor(new org.hl7.fhir.r4.model.StringType(author)));
        }
        tasks.update(task, internal());
    }

    Submission found(String id) {
        return store.byId(id).orElseThrow(() -> new NotFound("No submission has id " + id));
    }

    /** What was asked for is not there. */
    static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message);
        }
    }

    private void conform(Bundle bundle) {
        List<SingleValidationMessage> errors = ProfileViolations.errors(
                validator, bundle, new ValidationOptions().addProfile(RegistryProfiles.OUTCOME_SUBMISSION));
        if (!errors.isEmpty()) {
            throw ProfileViolations.refusal(
                    fhir, "The submission does not conform to " + RegistryProfiles.OUTCOME_SUBMISSION, errors);
        }
    }

    private ResearchStudy trialOf(Reference subject) {
        IFhirResourceDao<?> studies = daos.getResourceDao("ResearchStudy");
        if (subject.hasReference()) {
            IdType id = new IdType(subject.getReference());
            if (!"ResearchStudy".equals(id.getResourceType())) {
                throw unprocessable("The header's subject must be the trial (a ResearchStudy), not " + id.getValue());
            }
            try {
                return (ResearchStudy) studies.read(id.toUnqualifiedVersionless(), internal());
            } catch (BaseServerResponseException e) {
                throw unprocessable("The trial " + id.getValue() + " is not in the registry");
            }
        }
        Identifier identifier = subject.getIdentifier();
        SearchParameterMap byIdentifier = SearchParameterMap.newSynchronous(
                "identifier", new TokenParam(identifier.getSystem(), identifier.getValue()));
        List<IBaseResource> found = studies.search(byIdentifier, internal()).getResources(0, 2);
        if (found.size() != 1) {
            throw unprocessable("The header's subject names no trial of the registry by identifier "
                    + identifier.getSystem() + "|" + identifier.getValue()
                    + (found.isEmpty() ? "" : " (it names more than one)"));
        }
        return (ResearchStudy) found.get(0);
    }

    private List<Entry> entries(Bundle bundle, ObjectNode json) {
        List<Entry> entries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        JsonNode raw = json.path("entry");
        for (int index = 1; index < bundle.getEntry().size(); index++) {
            int position = index;
            Resource resource = bundle.getEntry().get(index).getResource();
            Identifier identifier = fhir.newTerser().getValues(resource, "identifier", Identifier.class).stream()
                    .filter(candidate -> candidate.hasSystem() && candidate.hasValue())
                    .findFirst()
                    .orElseThrow(() -> unprocessable("Bundle.entry[" + position + "] (" + resource.fhirType()
                            + ") has no identifier with a system and a value: the registry stores a submission's"
                            + " records as conditional updates by identifier, so that submitting again changes"
                            + " nothing"));
            // any identifier of a record matches a search by identifier, so no two records may share one
            for (Identifier any : fhir.newTerser().getValues(resource, "identifier", Identifier.class)) {
                String key = resource.fhirType() + " " + any.getSystem() + "|" + any.getValue();
                if (!seen.add(key)) {
                    throw unprocessable("Two records of the submission have the identifier " + key
                            + ": each record is in a package once, and one identifier names one record");
                }
            }
            ObjectNode content = ((ObjectNode) raw.path(index).path("resource")).deepCopy();
            content.remove(List.of("id", "meta"));
            entries.add(new Entry(resource, identifier, CanonicalJson.digest(content)));
        }
        return entries;
    }

    private IIdType create(Resource resource, String site) {
        SiteLabels.stamp(resource, site);
        return daos.getResourceDao(resource.fhirType())
                .create(resource, internal())
                .getId();
    }

    /**
     * The signer for the Provenance: a reference to a Practitioner, PractitionerRole, Organization or Device (records
     * anyone may know of), otherwise only the identifier and name the signature gives, so that a signature cannot
     * make the registry look up, or point at, a subject's record.
     */
    private static Reference signerOf(Reference who) {
        Reference signer = new Reference().setIdentifier(who.getIdentifier()).setDisplay(who.getDisplay());
        if (who.hasReference()
                && List.of("Practitioner", "PractitionerRole", "Organization", "Device")
                        .contains(new IdType(who.getReference()).getResourceType())) {
            signer.setReference(who.getReference());
        }
        return signer;
    }

    private static Reference siteReference(String site) {
        return new Reference()
                .setIdentifier(new Identifier()
                        .setSystem(RegistryIdentifierSystems.SITE)
                        .setValue(site))
                .setDisplay("site " + site);
    }

    private static SystemRequestDetails internal() {
        return new SystemRequestDetails();
    }

    private UnprocessableEntityException unprocessable(String message) {
        return new UnprocessableEntityException(message, outcome(message, "processing"));
    }

    private IBaseOperationOutcome outcome(String message, String code) {
        IBaseOperationOutcome outcome = OperationOutcomeUtil.newInstance(fhir);
        OperationOutcomeUtil.addIssue(fhir, outcome, "error", message, null, code);
        return outcome;
    }
}
