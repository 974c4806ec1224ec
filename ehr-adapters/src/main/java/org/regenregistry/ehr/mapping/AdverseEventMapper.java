package org.regenregistry.ehr.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.AdverseEvent;
import org.hl7.fhir.r4.model.AdverseEvent.AdverseEventActuality;
import org.hl7.fhir.r4.model.AdverseEvent.AdverseEventSuspectEntityCausalityComponent;
import org.hl7.fhir.r4.model.AdverseEvent.AdverseEventSuspectEntityComponent;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Type;
import org.regenregistry.profiles.RegistryExtensions;
import org.regenregistry.profiles.RegistryProfiles;

/**
 * EHR AdverseEvent -> registry adverse event (profile {@code rr-adverse-event}). What the profile requires is taken
 * from the EHR record or the AdverseEvent is unmappable, with the element named: the grade and seriousness criteria
 * only from the registry's extensions or those of HL7's <a
 * href="https://hl7.org/fhir/uv/ae-research-backport-ig/">Adverse Event Clinical Research R4 backport</a> (a grade is
 * never derived from the mild/moderate/severe severity), the suspect only as a therapy administration mapped with the
 * same subject (<a href="https://hl7.org/fhir/R4/adverseevent.html">R4
 * AdverseEvent</a>).
 */
final class AdverseEventMapper {

    static final String GRADE = RegistryExtensions.AE_GRADE;
    static final String SERIOUSNESS_CRITERION = RegistryExtensions.AE_SERIOUSNESS_CRITERION;

    private static final String BACKPORT = "http://hl7.org/fhir/uv/ae-research-backport-ig/StructureDefinition/";
    private static final String BACKPORT_GRADE = BACKPORT + "ae-grade";
    private static final String BACKPORT_SERIOUSNESS_CRITERIA = BACKPORT + "seriousness-criteria";
    private static final String SERIOUSNESS = "http://terminology.hl7.org/CodeSystem/adverse-event-seriousness";

    private AdverseEventMapper() {}

    /**
     * @param administrations the subject's EHR Procedure ids mapped to therapy administrations, with the conditional
     *     reference to each registry copy
     */
    static AdverseEvent map(
            AdverseEvent ehr,
            Subject subject,
            Enrolment enrolment,
            Map<String, Reference> administrations,
            EhrSource source)
            throws NotMapped {
        if (ehr.getActuality() != AdverseEventActuality.ACTUAL) {
            throw NotMapped.unmappable("AdverseEvent.actuality is "
                    + (ehr.hasActuality() ? ehr.getActuality().toCode() : "absent")
                    + "; the registry records actual adverse events");
        }
        require(ehr.hasEvent(), "AdverseEvent.event: the EHR names no event");
        require(ehr.hasDate(), "AdverseEvent.date: the EHR gives no date");
        require(ehr.hasSeriousness(), "AdverseEvent.seriousness: the EHR does not say whether it is serious");
        require(ehr.hasOutcome(), "AdverseEvent.outcome: the EHR records no outcome");
        Coding grade = grade(ehr)
                .orElseThrow(() -> NotMapped.unmappable(
                        "AdverseEvent.extension:grade: the EHR records no CTCAE grade (severity is no grade)"));
        List<Coding> criteria = criteria(ehr);
        boolean serious = ehr.getSeriousness().getCoding().stream()
                .anyMatch(coding ->
                        SERIOUSNESS.equals(coding.getSystem()) && "serious".equalsIgnoreCase(coding.getCode()));
        require(
                !serious || !criteria.isEmpty(),
                "AdverseEvent.extension:seriousnessCriterion: a serious adverse event names why it is serious");
        List<AdverseEventSuspectEntityComponent> suspects = suspects(ehr, administrations);

        AdverseEvent adverseEvent = new AdverseEvent();
        adverseEvent.setMeta(source.meta(RegistryProfiles.ADVERSE_EVENT));
        adverseEvent.addExtension(GRADE, new CodeableConcept(grade));
        criteria.forEach(criterion -> adverseEvent.addExtension(SERIOUSNESS_CRITERION, new CodeableConcept(criterion)));
        adverseEvent.setIdentifier(source.key());
        adverseEvent.setActuality(AdverseEventActuality.ACTUAL);
        adverseEvent.setCategory(Concepts.clean(ehr.getCategory()));
        adverseEvent.setEvent(Concepts.clean(ehr.getEvent()));
        adverseEvent.setSubject(subject.reference());
        adverseEvent.setDateElement(ehr.getDateElement().copy());
        if (ehr.hasDetected()) {
            adverseEvent.setDetectedElement(ehr.getDetectedElement().copy());
        }
        if (ehr.hasRecordedDate()) {
            adverseEvent.setRecordedDateElement(ehr.getRecordedDateElement().copy());
        }
        adverseEvent.setSeriousness(Concepts.clean(ehr.getSeriousness()));
        if (ehr.hasSeverity()) {
            adverseEvent.setSeverity(Concepts.clean(ehr.getSeverity()));
        }
        adverseEvent.setOutcome(Concepts.clean(ehr.getOutcome()));
        adverseEvent.setSuspectEntity(suspects);
        adverseEvent.addStudy(new Reference(enrolment.study()));
        return adverseEvent;
    }

    /** The suspects that are therapy administrations of this mapping, each with its causality assessments. */
    private static List<AdverseEventSuspectEntityComponent> suspects(
            AdverseEvent ehr, Map<String, Reference> administrations) throws NotMapped {
        List<AdverseEventSuspectEntityComponent> suspects = new ArrayList<>();
        for (AdverseEventSuspectEntityComponent ehrSuspect : ehr.getSuspectEntity()) {
            IdType instance = new IdType(ehrSuspect.getInstance().getReference());
            Reference administration =
                    "Procedure".equals(instance.getResourceType()) ? administrations.get(instance.getIdPart()) : null;
            if (administration == null) {
                continue;
            }
            AdverseEventSuspectEntityComponent suspect = new AdverseEventSuspectEntityComponent(administration.copy());
            for (AdverseEventSuspectEntityCausalityComponent causality : ehrSuspect.getCausality()) {
                if (causality.hasAssessment()) {
                    suspect.addCausality().setAssessment(Concepts.clean(causality.getAssessment()));
                }
            }
            require(
                    suspect.hasCausality(),
                    "AdverseEvent.suspectEntity.causality.assessment: the EHR does not assess whether "
                            + ehrSuspect.getInstance().getReference() + " caused the event");
            suspects.add(suspect);
        }
        require(
                !suspects.isEmpty(),
                "AdverseEvent.suspectEntity: no suspect is a therapy administration mapped with this subject");
        return suspects;
    }

    /** A CTCAE grade the EHR recorded in the registry's or the HL7 backport's grade extension. */
    private static Optional<Coding> grade(AdverseEvent ehr) {
        for (Extension extension : ehr.getExtension()) {
            if ((GRADE.equals(extension.getUrl()) || BACKPORT_GRADE.equals(extension.getUrl()))
                    && extension.getValue() instanceof CodeableConcept concept) {
                Optional<Coding> grade = RegistryValueSets.get().find(RegistryValueSets.AE_GRADE, concept);
                if (grade.isPresent()) {
                    return grade;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The seriousness criteria the EHR recorded: the registry's extension, or the HL7 backport's complex extension
     * unless its {@code criterionPresent} is false.
     */
    private static List<Coding> criteria(AdverseEvent ehr) {
        List<Coding> criteria = new ArrayList<>();
        for (Extension extension : ehr.getExtension()) {
            Type value = null;
            if (SERIOUSNESS_CRITERION.equals(extension.getUrl())) {
                value = extension.getValue();
            } else if (BACKPORT_SERIOUSNESS_CRITERIA.equals(extension.getUrl()) && !statedAbsent(extension)) {
                Extension code = extension.getExtensionByUrl("criterionCode");
                value = code == null ? null : code.getValue();
            }
            if (value instanceof CodeableConcept concept) {
                RegistryValueSets.get()
                        .find(RegistryValueSets.AE_SERIOUSNESS_CRITERION, concept)
                        .ifPresent(criteria::add);
            }
        }
        return criteria;
    }

    private static boolean statedAbsent(Extension criterion) {
        Extension present = criterion.getExtensionByUrl("criterionPresent");
        return present != null && present.getValue() instanceof BooleanType value && !value.booleanValue();
    }

    private static void require(boolean present, String reason) throws NotMapped {
        if (!present) {
            throw NotMapped.unmappable(reason);
        }
    }
}
