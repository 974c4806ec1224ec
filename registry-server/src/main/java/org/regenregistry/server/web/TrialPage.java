package org.regenregistry.server.web;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ResearchStudy;
import org.hl7.fhir.r4.model.Type;
import org.regenregistry.profiles.FhirIds;
import org.regenregistry.profiles.RegistryExtensions;
import org.regenregistry.search.facet.Facet;
import org.regenregistry.search.trial.TrialDocument;
import org.regenregistry.server.indexing.SearchNode;
import org.regenregistry.server.outcomes.Outcomes;
import org.regenregistry.server.results.TrialResults;
import org.regenregistry.server.security.SecuritySettings;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * A trial's page, {@code /trials/{id}}: what the trial index knows of it (therapy, product or device facts, sites with
 * their coordinates, eligibility ranges) and what only its FHIR record says (description, arms, contacts, eligibility
 * criteria, the status history from its versions), with its registered results as charts and tables and the changes
 * from baseline the registry computes from its subjects' scores (small cells left out). Trial-level, so public where
 * {@code /api/trials} is.
 */
@Controller
class TrialPage implements WebPage {

    /** Eligibility characteristics the index keeps as ranges and lists (rr-eligibility's age and sex). */
    private static final Set<String> SHOWN_FROM_INDEX = Set.of("age", "sex");

    /** The versions read for the status history; a trial changes status a handful of times. */
    static final int HISTORY_VERSIONS = 100;

    private final SearchNode node;
    private final DaoRegistry daos;
    private final TrialResults results;
    private final Outcomes outcomes;
    private final int smallCellThreshold;

    TrialPage(SearchNode node, DaoRegistry daos, TrialResults results, Outcomes outcomes, SecuritySettings security) {
        this.node = node;
        this.daos = daos;
        this.results = results;
        this.outcomes = outcomes;
        this.smallCellThreshold = security.smallCellThreshold();
    }

    @GetMapping(path = "/trials/{id}", produces = "text/html")
    String trial(@PathVariable String id, Model model) throws IOException {
        TrialDocument trial = indexed(node, id);
        ResearchStudy study =
                read(ResearchStudy.class, "ResearchStudy/" + trial.id()).orElseThrow(() -> notFound(id));
        URI page = ServletUriComponentsBuilder.fromCurrentRequestUri().build().toUri();
        model.addAttribute("trial", trial);
        model.addAttribute("labels", new PageLabels());
        model.addAttribute("therapy", TrialFacts.therapy(trial.therapyFamilies(), trial.therapySubtypes()));
        model.addAttribute("facts", TrialFacts.of(trial));
        model.addAttribute("arms", arms(study));
        model.addAttribute("contacts", contacts(study));
        model.addAttribute("investigator", investigator(study));
        model.addAttribute("collaborators", collaborators(study));
        model.addAttribute("criteria", criteria(study));
        model.addAttribute("history", history(trial.id()));
        model.addAttribute("map", SiteMap.of(trial.sites()).orElse(null));
        model.addAttribute("citation", Citation.of(trial, page, LocalDate.now(ZoneOffset.UTC)));
        TrialResults.Summary summary = results.summary(trial.id());
        model.addAttribute("results", summary);
        model.addAttribute("charts", OutcomeCharts.of(summary));
        model.addAttribute("responders", ResponderRates.of(summary));
        model.addAttribute("changes", outcomes.ofTrial(trial.id(), smallCellThreshold));
        return "trial";
    }

    /** The trial's index document; 400 for what cannot be a FHIR id, 404 for no such trial. */
    static TrialDocument indexed(SearchNode node, String id) throws IOException {
        if (!FhirIds.isId(id)) {
            throw new IllegalArgumentException("'" + id + "' is not a trial id (1 to 64 of A-Z a-z 0-9 - .)");
        }
        return node.search().trial(id).orElseThrow(() -> notFound(id));
    }

    private static ResponseStatusException notFound(String id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "The registry has no trial " + id);
    }

    private <T extends IBaseResource> Optional<T> read(Class<T> type, String reference) {
        try {
            return Optional.of(daos.getResourceDao(type).read(new IdType(reference), new SystemRequestDetails()));
        } catch (ResourceNotFoundException | ResourceGoneException e) {
            return Optional.empty();
        }
    }

    private static List<Arm> arms(ResearchStudy study) {
        return study.getArm().stream()
                .map(arm -> new Arm(
                        arm.getName(),
                        arm.hasType()
                                ? Labels.code(arm.getType().getCodingFirstRep().getCode())
                                : "",
                        arm.getDescription(),
                        Labels.codes(arm.getExtensionsByUrl(RegistryExtensions.ARM_THERAPY).stream()
                                .map(extension -> ((CodeableConcept) extension.getValue())
                                        .getCodingFirstRep()
                                        .getCode())
                                .toList())))
                .toList();
    }

    private static List<Contact> contacts(ResearchStudy study) {
        return study.getContact().stream()
                .map(contact -> new Contact(
                        contact.getName(),
                        contact.getTelecom().stream()
                                .filter(point -> point.getSystem() == ContactPoint.ContactPointSystem.EMAIL)
                                .map(ContactPoint::getValue)
                                .findFirst()
                                .orElse(null),
                        contact.getTelecom().stream()
                                .filter(point -> point.getSystem() == ContactPoint.ContactPointSystem.PHONE)
                                .map(ContactPoint::getValue)
                                .findFirst()
                                .orElse(null)))
                .toList();
    }

    private String investigator(ResearchStudy study) {
        if (!study.hasPrincipalInvestigator()) {
            return null;
        }
        Reference reference = study.getPrincipalInvestigator();
        if (reference.hasDisplay()) {
            return reference.getDisplay();
        }
        return read(Practitioner.class, reference.getReference())
                .filter(Practitioner::hasName)
                .map(practitioner -> practitioner.getNameFirstRep().getNameAsSingleString())
                .orElse(null);
    }

    private List<String> collaborators(ResearchStudy study) {
        List<String> names = new ArrayList<>();
        for (Extension extension : study.getExtensionsByUrl(RegistryExtensions.COLLABORATOR)) {
            if (extension.getValue() instanceof Reference reference) {
                if (reference.hasDisplay()) {
                    names.add(reference.getDisplay());
                } else if (reference.hasReference()) {
                    read(Organization.class, reference.getReference())
                            .map(Organization::getName)
                            .ifPresent(names::add);
                }
            } else if (extension.getValue() != null) {
                names.add(extension.getValue().primitiveValue());
            }
        }
        return names;
    }

    /** The eligibility group's characteristics: inclusions first, then exclusions. */
    private List<Criterion> criteria(ResearchStudy study) {
        List<Criterion> criteria = new ArrayList<>();
        for (Reference enrollment : study.getEnrollment()) {
            read(Group.class, enrollment.getReference()).ifPresent(group -> group.getCharacteristic()
                    .forEach(characteristic -> criteria.add(new Criterion(
                            text(characteristic.getCode()),
                            value(characteristic.getValue()),
                            characteristic.getExclude()))));
        }
        criteria.sort((a, b) -> Boolean.compare(a.exclude(), b.exclude()));
        return criteria;
    }

    private static String text(CodeableConcept concept) {
        if (concept.hasText()) {
            return concept.getText();
        }
        Coding coding = concept.getCodingFirstRep();
        return coding.hasDisplay() ? coding.getDisplay() : Labels.code(coding.getCode());
    }

    private static String value(Type value) {
        if (value instanceof CodeableConcept concept) {
            return text(concept);
        }
        if (value instanceof Range range) {
            String unit = range.getLow().hasUnit()
                    ? range.getLow().getUnit()
                    : range.getHigh().getUnit();
            String low = range.hasLow() ? range.getLow().getValue().toPlainString() : "";
            String high = range.hasHigh() ? range.getHigh().getValue().toPlainString() : "";
            return (low.isEmpty() ? "up to " + high : high.isEmpty() ? low + " or more" : low + " to " + high)
                    + (unit == null ? "" : " " + unit);
        }
        if (value instanceof Quantity quantity) {
            return quantity.getValue().toPlainString() + (quantity.hasUnit() ? " " + quantity.getUnit() : "");
        }
        return value == null ? "" : value.primitiveValue();
    }

    /** The trial's status as its versions recorded it, newest first: a row per change of status or recruitment. */
    private List<StatusChange> history(String id) {
        IBundleProvider versions = daos.getResourceDao(ResearchStudy.class)
                .history(new IdType("ResearchStudy", id), null, null, 0, new SystemRequestDetails());
        List<IBaseResource> read = versions.getResources(0, HISTORY_VERSIONS);
        List<StatusChange> changes = new ArrayList<>();
        for (int i = read.size() - 1; i >= 0; i--) {
            ResearchStudy version = (ResearchStudy) read.get(i);
            String status = version.hasStatus() ? version.getStatus().toCode() : null;
            String recruitment = recruitment(version);
            StatusChange previous = changes.isEmpty() ? null : changes.get(changes.size() - 1);
            if (previous == null
                    || !Objects.equals(previous.status(), status)
                    || !Objects.equals(previous.recruitment(), recruitment)) {
                changes.add(new StatusChange(
                        version.getMeta().getLastUpdated() == null
                                ? null
                                : version.getMeta()
                                        .getLastUpdated()
                                        .toInstant()
                                        .atZone(ZoneOffset.UTC)
                                        .toLocalDate(),
                        version.getMeta().getVersionId(),
                        status,
                        recruitment));
            }
        }
        Collections.reverse(changes);
        return changes;
    }

    private static String recruitment(ResearchStudy study) {
        Extension recruitment = study.getExtensionByUrl(RegistryExtensions.RECRUITMENT);
        if (recruitment == null || recruitment.getExtensionByUrl("status") == null) {
            return null;
        }
        return ((CodeableConcept) recruitment.getExtensionByUrl("status").getValue())
                .getCodingFirstRep()
                .getCode();
    }

    /** Names of codes for the template. */
    static final class PageLabels {

        public String code(String code) {
            return Labels.code(code);
        }

        public String codes(List<String> codes) {
            return Labels.codes(codes);
        }

        public String country(String code) {
            return code == null ? "" : Labels.value(Facet.COUNTRY, code, null);
        }
    }

    record Arm(String name, String type, String description, String therapy) {}

    record Contact(String name, String email, String phone) {}

    record Criterion(String characteristic, String value, boolean exclude) {}

    record StatusChange(LocalDate date, String version, String status, String recruitment) {}
}
