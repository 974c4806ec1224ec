package org.regenregistry.ehr.mapping;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.hl7.fhir.r4.model.AdverseEvent;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ResearchSubject;
import org.hl7.fhir.r4.model.Resource;

/**
 * Maps one subject's EHR resources onto what the registry stores: a pseudonymous Patient, the enrolment
 * (ResearchSubject), Conditions, therapy administrations, pain and function scores and adverse events, each on the
 * registry profile where there is one, with the site's security tag, {@code meta.source} naming the EHR version it
 * came from, and a Provenance. Every registry resource is a conditional update keyed on its source (the Patient on the
 * keyed hash of the MRN), so mapping again updates in place and creates nothing.
 *
 * <p>The inputs are the subject's Patient and resources about it. A resource that is no registry matter, lacks what
 * the registry requires, or is about another patient becomes a {@link MappingIssue}; none throws.
 */
public final class SubjectMapper {

    private static final List<String> ORDER =
            List.of("ResearchSubject", "Condition", "Procedure", "Observation", "AdverseEvent");

    private final Clock clock;

    /** @param clock when Provenances are recorded */
    public SubjectMapper(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Maps the subject's Patient and the resources about it; each input is mapped or has its issue. */
    public SubjectMapping map(MappingContext context, List<? extends Resource> ehrResources) {
        return new Run(context, clock.instant()).map(ehrResources);
    }

    private static int rank(Resource resource) {
        int rank = ORDER.indexOf(resource.fhirType());
        return rank < 0 ? ORDER.size() : rank;
    }

    private static String name(Resource resource) {
        String id = resource.getIdElement().getIdPart();
        return resource.fhirType() + "/" + (id == null ? "(no id)" : id);
    }

    /** One mapping: the subject once known, and the administrations adverse events may name as suspects. */
    private static final class Run {

        private final SourceSite site;
        private final Enrolment enrolment;
        private final Pseudonyms pseudonyms;
        private final Instant recorded;
        private final List<MappedSource> mapped = new ArrayList<>();
        private final List<MappingIssue> issues = new ArrayList<>();
        private final Map<String, Reference> administrations = new HashMap<>();
        private Subject subject;
        private boolean enrolmentFromEhr;

        Run(MappingContext context, Instant recorded) {
            this.site = context.site();
            this.enrolment = context.enrolment();
            this.pseudonyms = new Pseudonyms(site.key());
            this.recorded = recorded;
        }

        SubjectMapping map(List<? extends Resource> resources) {
            List<Patient> patients = resources.stream()
                    .filter(Patient.class::isInstance)
                    .map(Patient.class::cast)
                    .toList();
            String noSubject = patients.isEmpty() ? "no Patient is among the inputs" : subjectOf(patients);
            resources.stream()
                    .filter(resource -> !(resource instanceof Patient))
                    .sorted(Comparator.comparingInt(SubjectMapper::rank))
                    .forEach(resource -> {
                        if (subject == null) {
                            issues.add(new MappingIssue(
                                    name(resource),
                                    MappingIssue.Kind.UNMAPPABLE,
                                    "no registry Patient to refer to: " + noSubject));
                        } else {
                            mapSafely(resource);
                        }
                    });
            if (subject != null) {
                mapped.add(0, patient(patients.get(0)));
            }
            return new SubjectMapping(mapped, issues);
        }

        /** Takes the first Patient as the subject; answers why there is none, or null. */
        private String subjectOf(List<Patient> patients) {
            Patient first = patients.get(0);
            for (Patient other : patients.subList(1, patients.size())) {
                issues.add(new MappingIssue(
                        name(other),
                        MappingIssue.Kind.UNMAPPABLE,
                        "a second Patient: a mapping is about one subject, " + name(first)));
            }
            try {
                subject = PatientMapper.subject(site, pseudonyms, first);
                return null;
            } catch (NotMapped e) {
                issues.add(e.issue(name(first)));
                return "the subject's Patient is unmappable";
            }
        }

        private void mapSafely(Resource resource) {
            try {
                EhrSource source = EhrSource.of(site, resource);
                BundleEntryComponent entry = map(resource, source);
                mapped.add(new MappedSource(source.reference(), withProvenance(source, List.of(entry))));
            } catch (NotMapped e) {
                issues.add(e.issue(name(resource)));
            } catch (RuntimeException e) {
                issues.add(new MappingIssue(
                        name(resource),
                        MappingIssue.Kind.UNMAPPABLE,
                        "the resource could not be read: " + e.getMessage()));
            }
        }

        private BundleEntryComponent map(Resource resource, EhrSource source) throws NotMapped {
            if (resource instanceof ResearchSubject ehr) {
                if (enrolmentFromEhr && EnrolmentMapper.records(enrolment, ehr)) {
                    throw NotMapped.unmappable("a second EHR ResearchSubject of the enrolment in " + enrolment.study());
                }
                ResearchSubject researchSubject = EnrolmentMapper.fromEhr(enrolment, subject, ehr, source);
                enrolmentFromEhr = true;
                return EhrSource.conditionalUpdate(researchSubject, EnrolmentMapper.key(enrolment, subject));
            }
            if (resource instanceof Condition ehr) {
                about(ehr.getSubject(), "Condition.subject");
                return EhrSource.conditionalUpdate(ConditionMapper.map(ehr, subject, source), source.key());
            }
            if (resource instanceof Procedure ehr) {
                about(ehr.getSubject(), "Procedure.subject");
                BundleEntryComponent entry = EhrSource.conditionalUpdate(
                        AdministrationMapper.map(ehr, subject, enrolment, source), source.key());
                administrations.put(
                        source.id(), new Reference(entry.getRequest().getUrl()));
                return entry;
            }
            if (resource instanceof Observation ehr) {
                about(ehr.getSubject(), "Observation.subject");
                return EhrSource.conditionalUpdate(ScoreMapper.map(ehr, subject, enrolment, source), source.key());
            }
            if (resource instanceof AdverseEvent ehr) {
                about(ehr.getSubject(), "AdverseEvent.subject");
                return EhrSource.conditionalUpdate(
                        AdverseEventMapper.map(ehr, subject, enrolment, administrations, source), source.key());
            }
            throw NotMapped.skipped(resource.fhirType() + " is not a resource the registry takes from EHRs");
        }

        private void about(Reference reference, String element) throws NotMapped {
            if (!subject.isReferencedBy(reference)) {
                throw NotMapped.unmappable(element + " is "
                        + (reference.hasReference() ? reference.getReference() : "absent")
                        + ", not the subject's Patient");
            }
        }

        /** The registry Patient and, unless the EHR records the enrolment itself, the enrolment's ResearchSubject. */
        private MappedSource patient(Patient ehr) {
            EhrSource source = EhrSource.ofPatient(site, ehr, pseudonyms);
            List<BundleEntryComponent> entries = new ArrayList<>();
            entries.add(EhrSource.conditionalUpdate(PatientMapper.map(ehr, subject, source), subject.mrnHash()));
            if (!enrolmentFromEhr) {
                entries.add(EhrSource.conditionalUpdate(
                        EnrolmentMapper.fromEnrolment(enrolment, subject, source),
                        EnrolmentMapper.key(enrolment, subject)));
            }
            return new MappedSource(name(ehr), withProvenance(source, entries));
        }

        private List<BundleEntryComponent> withProvenance(EhrSource source, List<BundleEntryComponent> entries) {
            List<BundleEntryComponent> all = new ArrayList<>(entries);
            all.add(ProvenanceWriter.entry(site, source, entries, recorded));
            return all;
        }
    }
}
