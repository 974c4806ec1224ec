package org.regenregistry.ehr.push;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ResearchStudy;
import org.hl7.fhir.r4.model.ResearchSubject;
import org.hl7.fhir.r4.model.Resource;
import org.regenregistry.ehr.bulk.OperationOutcomes;
import org.regenregistry.ehr.http.FhirTransport;
import org.regenregistry.ehr.site.EhrFlavour;
import org.regenregistry.profiles.RegistryIdentifierSystems;

/**
 * Writes the registry's enrolments back into an EHR that accepts research data: the trial as a ResearchStudy, found
 * again by the registry's trial identifier, and each enrolment as a ResearchSubject of the EHR's own Patient, found
 * again by the registry's enrolment identifier (or as the EHR ResearchSubject the registry copy was read from).
 *
 * <p>Every write is preceded by a read that asks the EHR not to answer from a cache ({@code Cache-Control: no-cache},
 * which HAPI FHIR honours for searches): a record that already says what the registry says is not written again, so
 * pushing the same enrolment twice, or pushing back what was read from the EHR, changes nothing there. A create is
 * conditional ({@code If-None-Exist}) and an update names the version it read ({@code If-Match}), so a record made or
 * edited at the EHR meanwhile is neither duplicated nor overwritten blindly
 * (<a href="https://hl7.org/fhir/R4/http.html#ccreate">conditional create</a>,
 * <a href="https://hl7.org/fhir/R4/http.html#concurrency">managing resource contention</a>).
 */
public final class EnrolmentPusher {

    private static final String FHIR_JSON = "application/fhir+json";
    private static final Set<Integer> RETRYABLE = Set.of(408, 409, 412, 429);

    private final FhirTransport transport;
    private final IParser json = FhirContext.forR4Cached().newJsonParser();

    /** @throws IllegalArgumentException for a flavour of EHR that takes no ResearchStudy and ResearchSubject writes */
    public EnrolmentPusher(FhirTransport transport, EhrFlavour flavour) {
        if (!flavour.takesEnrolments()) {
            throw new IllegalArgumentException(
                    "An EHR of flavour " + flavour + " accepts no ResearchStudy and ResearchSubject writes");
        }
        this.transport = transport;
    }

    /**
     * Finds or creates the EHR's ResearchStudy of a registry trial, with the trial's identifiers, title and status.
     *
     * @throws EhrWriteRefusedException when the trial has no registry identifier or the EHR refuses the write
     */
    public Pushed study(ResearchStudy trial) throws IOException, InterruptedException {
        Identifier key = trial.getIdentifier().stream()
                .filter(identifier -> RegistryIdentifierSystems.TRIAL.equals(identifier.getSystem()))
                .findFirst()
                .orElseThrow(() -> new EhrWriteRefusedException(
                        0,
                        "The trial " + trial.getIdElement().getIdPart() + " has no " + RegistryIdentifierSystems.TRIAL
                                + " identifier to find it again in the EHR"));
        return push(ResearchStudy.class, find(ResearchStudy.class, key), key, new ResearchStudy(), study -> {
            trial.getIdentifier().stream()
                    .filter(identifier -> study.getIdentifier().stream().noneMatch(identifier::equalsDeep))
                    .forEach(identifier -> study.addIdentifier(identifier.copy()));
            study.setTitle(trial.getTitle());
            study.setStatus(trial.getStatus());
        });
    }

    /**
     * Creates or updates the EHR's ResearchSubject of an enrolment: its status, period and arm become the registry's;
     * anything else the EHR records about it (its study, its Patient) stays.
     *
     * @throws EhrWriteRefusedException when the EHR refuses the write for what was sent
     */
    public Pushed subject(EnrolmentUpdate update) throws IOException, InterruptedException {
        Optional<ResearchSubject> found =
                update.ehrSubjectId() != null ? read(ResearchSubject.class, update.ehrSubjectId()) : Optional.empty();
        if (found.isEmpty()) {
            found = find(ResearchSubject.class, update.enrolment());
        }
        ResearchSubject fresh = new ResearchSubject()
                .setStudy(new Reference("ResearchStudy/" + update.ehrStudyId()))
                .setIndividual(new Reference("Patient/" + update.ehrPatientId()));
        fresh.addIdentifier(update.enrolment());
        return push(ResearchSubject.class, found, update.enrolment(), fresh, subject -> {
            subject.setStatus(update.status());
            subject.setPeriod(update.period());
            subject.setAssignedArm(update.arm());
        });
    }

    /**
     * Updates the record found, or creates {@code fresh} with the change; a create that finds a record made meanwhile
     * (the EHR answers 200 to {@code If-None-Exist}) updates that record instead.
     */
    private <T extends Resource> Pushed push(
            Class<T> type, Optional<T> found, Identifier key, T fresh, Consumer<T> change)
            throws IOException, InterruptedException {
        if (found.isPresent()) {
            return update(type, found.get(), change);
        }
        change.accept(fresh);
        HttpResponse<String> response = send(
                HttpRequest.newBuilder(uri(fresh.fhirType()))
                        .header("Content-Type", FHIR_JSON)
                        .header("If-None-Exist", "identifier=" + token(key))
                        .POST(HttpRequest.BodyPublishers.ofString(json.encodeResourceToString(fresh))),
                "create " + fresh.fhirType());
        String id = idOf(response, fresh.fhirType());
        if (response.statusCode() == 201) {
            return new Pushed(id, Pushed.Outcome.CREATED);
        }
        T existing = read(type, id)
                .orElseThrow(() -> new IOException("The EHR matched " + fresh.fhirType() + "/" + id + " for identifier "
                        + token(key) + " but cannot read it"));
        return update(type, existing, change);
    }

    private <T extends Resource> Pushed update(Class<T> type, T current, Consumer<T> change)
            throws IOException, InterruptedException {
        T wanted = type.cast(current.copy());
        change.accept(wanted);
        String id = current.getIdElement().getIdPart();
        if (current.equalsDeep(wanted)) {
            return new Pushed(id, Pushed.Outcome.UNCHANGED);
        }
        HttpRequest.Builder put = HttpRequest.newBuilder(uri(wanted.fhirType() + "/" + id))
                .header("Content-Type", FHIR_JSON)
                .PUT(HttpRequest.BodyPublishers.ofString(json.encodeResourceToString(wanted)));
        String version = current.getMeta().getVersionId();
        if (version != null) {
            put.header("If-Match", "W/\"" + version + "\"");
        }
        send(put, "update " + wanted.fhirType() + "/" + id);
        return new Pushed(id, Pushed.Outcome.UPDATED);
    }

    private <T extends Resource> Optional<T> read(Class<T> type, String id) throws IOException, InterruptedException {
        String name = type.getSimpleName();
        HttpResponse<String> response = transport.send(
                HttpRequest.newBuilder(uri(name + "/" + id))
                        .header("Accept", FHIR_JSON)
                        .header("Cache-Control", "no-cache")
                        .GET(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404 || response.statusCode() == 410) {
            return Optional.empty();
        }
        return Optional.of(json.parseResource(
                type, checked(response, "read " + name + "/" + id).body()));
    }

    private <T extends Resource> Optional<T> find(Class<T> type, Identifier key)
            throws IOException, InterruptedException {
        String name = type.getSimpleName();
        HttpResponse<String> response = send(
                HttpRequest.newBuilder(
                                uri(name + "?identifier=" + URLEncoder.encode(token(key), StandardCharsets.UTF_8)))
                        .header("Accept", FHIR_JSON)
                        .header("Cache-Control", "no-cache")
                        .GET(),
                "search " + name + " by identifier " + token(key));
        List<T> matches = ((Bundle) json.parseResource(response.body()))
                .getEntry().stream()
                        .map(Bundle.BundleEntryComponent::getResource)
                        .filter(type::isInstance)
                        .map(type::cast)
                        .toList();
        if (matches.size() > 1) {
            throw new EhrWriteRefusedException(
                    0, "The EHR holds " + matches.size() + " " + name + " resources with identifier " + token(key));
        }
        return matches.stream().findFirst();
    }

    private HttpResponse<String> send(HttpRequest.Builder request, String what)
            throws IOException, InterruptedException {
        return checked(transport.send(request, HttpResponse.BodyHandlers.ofString()), what);
    }

    /** A 2xx answer as it is; a refusal as {@link EhrWriteRefusedException}; anything else as an IOException. */
    private static HttpResponse<String> checked(HttpResponse<String> response, String what) throws IOException {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response;
        }
        String message = "The EHR answered " + what + " with " + OperationOutcomes.describe(status, response.body());
        if (status >= 400 && status < 500 && !RETRYABLE.contains(status)) {
            throw new EhrWriteRefusedException(status, message);
        }
        throw new IOException(message);
    }

    /** The id of a created resource, from {@code Location} or, failing that, the body. */
    private String idOf(HttpResponse<String> response, String type) throws IOException {
        Optional<String> location = response.headers().firstValue("Location").or(() -> response.headers()
                .firstValue("Content-Location"));
        if (location.isPresent()) {
            IdType id = new IdType(location.get());
            if (type.equals(id.getResourceType()) && id.hasIdPart()) {
                return id.getIdPart();
            }
        }
        if (response.body() != null
                && !response.body().isBlank()
                && json.parseResource(response.body()) instanceof Resource resource
                && type.equals(resource.fhirType())) {
            return resource.getIdElement().getIdPart();
        }
        throw new IOException("The EHR created a " + type + " without saying its id (no Location header, no body)");
    }

    private URI uri(String path) {
        return URI.create(transport.fhirBase() + "/" + path);
    }

    private static String token(Identifier identifier) {
        return identifier.getSystem() + "|" + identifier.getValue();
    }
}
