package org.regenregistry.ehr.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.regenregistry.ehr.mapping.Fixtures.FHIR;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.AdverseEvent;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ResearchSubject;
import org.hl7.fhir.r4.model.ResearchSubject.ResearchSubjectStatus;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

class SubjectMapperTest {

    private static final String OBSERVATION = "Observation/o1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c51";
    private static final String PROCEDURE = "Procedure/p7d8e9f0-1a2b-4c3d-8e4f-5a6b7c8d9e01";
    private static final String GRADED_AE = "AdverseEvent/a4e5f6a7-b8c9-4d0e-8f1a-2b3c4d5e6f71";
    private static final String UNGRADED_AE = "AdverseEvent/a0b1c2d3-e4f5-4a6b-8c7d-8e9f0a1b2c31";
    private static final String SOURCE_SYSTEM = "https://regen-registry.org/fhir/sid/source/st-olaf";

    private final SubjectMapper mapper = new SubjectMapper(Fixtures.CLOCK);

    @Test
    void everyInputIsEitherMappedOrHasItsReason() {
        SubjectMapping mapping = mapper.map(Fixtures.context(), Fixtures.subjectRecord());

        assertThat(mapping.mapped())
                .extracting(MappedSource::source)
                .containsExactly(
                        "Patient/" + Fixtures.PATIENT_ID,
                        "Condition/c1a2b3c4-5d6e-4f70-8a91-b2c3d4e5f601",
                        PROCEDURE,
                        OBSERVATION,
                        GRADED_AE);
        assertThat(mapping.issues())
                .containsExactly(
                        new MappingIssue(
                                "Observation/o9f8e7d6-c5b4-4a39-8271-605f4e3d2c1b",
                                MappingIssue.Kind.SKIPPED,
                                "Observation.code http://loinc.org|29463-7 is no pain or function score of the"
                                        + " registry"),
                        new MappingIssue(
                                UNGRADED_AE,
                                MappingIssue.Kind.UNMAPPABLE,
                                "AdverseEvent.extension:grade: the EHR records no CTCAE grade (severity is no"
                                        + " grade)"));
    }

    @Test
    void mappingTheSameInputAgainGivesTheSameConditionalUpdatesIdentifiersAndResources() {
        List<BundleEntryComponent> first = entries(mapper.map(Fixtures.context(), Fixtures.subjectRecord()));
        List<BundleEntryComponent> second =
                entries(new SubjectMapper(Fixtures.CLOCK).map(Fixtures.context(), Fixtures.subjectRecord()));

        assertThat(second).hasSameSizeAs(first);
        for (int i = 0; i < first.size(); i++) {
            assertThat(second.get(i).getFullUrl()).isEqualTo(first.get(i).getFullUrl());
            assertThat(second.get(i).getRequest().getUrl())
                    .isEqualTo(first.get(i).getRequest().getUrl());
            assertThat(second.get(i).getRequest().getIfNoneExist())
                    .isEqualTo(first.get(i).getRequest().getIfNoneExist());
            assertThat(json(second.get(i).getResource()))
                    .isEqualTo(json(first.get(i).getResource()));
        }
        assertThat(first)
                .extracting(entry -> entry.getRequest().getMethod().toCode() + " "
                        + entry.getRequest().getUrl())
                .contains(
                        "PUT Observation?identifier=" + SOURCE_SYSTEM + "|" + OBSERVATION,
                        "PUT Procedure?identifier=" + SOURCE_SYSTEM + "|" + PROCEDURE,
                        "PUT ResearchSubject?identifier=https://regen-registry.org/fhir/sid/enrolment|prp-knee-oa/"
                                + pseudonym(first),
                        "POST Provenance")
                .allMatch(request -> request.startsWith("PUT ") || request.equals("POST Provenance"));
    }

    @Test
    void aNewVersionInTheEhrChangesMetaSourceAndProvenanceButNotTheConditionalKey() {
        List<Resource> record = Fixtures.subjectRecord();
        MappedSource before = source(mapper.map(Fixtures.context(), record), OBSERVATION);
        Observation edited = (Observation) record.get(3);
        edited.getMeta().setVersionId("2");
        edited.setValue(new Quantity(5).setUnit("{score}"));

        MappedSource after = source(mapper.map(Fixtures.context(), record), OBSERVATION);

        assertThat(meta(before).getSource()).isEqualTo(Fixtures.EHR_BASE + "/" + OBSERVATION + "/_history/1");
        assertThat(meta(after).getSource()).isEqualTo(Fixtures.EHR_BASE + "/" + OBSERVATION + "/_history/2");
        assertThat(after.primary().getRequest().getUrl())
                .isEqualTo(before.primary().getRequest().getUrl());
        assertThat(after.primary().getFullUrl()).isEqualTo(before.primary().getFullUrl());
        assertThat(after.provenance().getRequest().getIfNoneExist())
                .isEqualTo("_source=" + Fixtures.EHR_BASE + "/" + OBSERVATION + "/_history/2")
                .isNotEqualTo(before.provenance().getRequest().getIfNoneExist());
        assertThat(((Observation) after.primary().getResource())
                        .getValueQuantity()
                        .getValue())
                .isEqualByComparingTo("5");
    }

    @Test
    void withoutAVersionMetaSourceIsTheResourceUrl() {
        List<Resource> record = Fixtures.subjectRecord();
        record.get(3).setMeta(null);
        record.get(3).setId(OBSERVATION.substring("Observation/".length()));

        MappedSource observation = source(mapper.map(Fixtures.context(), record), OBSERVATION);

        assertThat(meta(observation).getSource()).isEqualTo(Fixtures.EHR_BASE + "/" + OBSERVATION);
    }

    @Test
    void everyRegistryResourceCarriesTheSiteTagItsSourceAndNoNarrative() {
        for (BundleEntryComponent entry : entries(mapper.map(Fixtures.context(), Fixtures.subjectRecord()))) {
            DomainResource resource = (DomainResource) entry.getResource();
            assertThat(resource.getMeta().getSecurity()).singleElement().satisfies(tag -> {
                assertThat(tag.getSystem()).isEqualTo("https://regen-registry.org/fhir/CodeSystem/source-site");
                assertThat(tag.getCode()).isEqualTo("st-olaf");
            });
            assertThat(resource.getMeta().getSource()).startsWith(Fixtures.EHR_BASE + "/");
            assertThat(resource.hasText()).isFalse();
            assertThat(resource.hasId()).isFalse();
        }
    }

    @Test
    void referencesToTheEhrPatientPointAtTheRegistryPatient() {
        SubjectMapping mapping = mapper.map(Fixtures.context(), Fixtures.subjectRecord());
        String patient = mapping.mapped().get(0).primary().getRequest().getUrl();

        assertThat(patient)
                .isEqualTo("Patient?identifier=https://regen-registry.org/fhir/sid/mrn-hash/st-olaf|"
                        + new Pseudonyms(Fixtures.site().key()).mrnHash(Fixtures.PATIENT_ID));
        assertThat(((Condition) source(mapping, "Condition/c1a2b3c4-5d6e-4f70-8a91-b2c3d4e5f601")
                                .primary()
                                .getResource())
                        .getSubject())
                .satisfies(subject -> {
                    assertThat(subject.getReference()).isEqualTo(patient);
                    assertThat(subject.hasDisplay()).isFalse();
                });
        assertThat(((Procedure) source(mapping, PROCEDURE).primary().getResource())
                        .getSubject()
                        .getReference())
                .isEqualTo(patient);
        AdverseEvent adverseEvent =
                (AdverseEvent) source(mapping, GRADED_AE).primary().getResource();
        assertThat(adverseEvent.getSubject().getReference()).isEqualTo(patient);
        assertThat(adverseEvent.getSuspectEntityFirstRep().getInstance().getReference())
                .isEqualTo("Procedure?identifier=" + SOURCE_SYSTEM + "|" + PROCEDURE);
    }

    @Test
    void theProvenanceTargetsTheMappedEntriesAndNamesTheSourceVersionAndTheSite() {
        SubjectMapping mapping = mapper.map(Fixtures.context(), Fixtures.subjectRecord());

        MappedSource patient = mapping.mapped().get(0);
        assertThat(patient.entries())
                .extracting(entry -> entry.getResource().fhirType())
                .containsExactly("Patient", "ResearchSubject", "Provenance");
        Provenance patientProvenance = (Provenance) patient.provenance().getResource();
        assertThat(patientProvenance.getTarget())
                .extracting(Reference::getReference)
                .containsExactly(
                        patient.entries().get(0).getFullUrl(),
                        patient.entries().get(1).getFullUrl());
        assertThat(patientProvenance
                        .getEntityFirstRep()
                        .getWhat()
                        .getIdentifier()
                        .getValue())
                .matches("Patient/[0-9a-f]{64}/_history/3");

        MappedSource observation = source(mapping, OBSERVATION);
        Provenance provenance = (Provenance) observation.provenance().getResource();
        assertThat(provenance.getTarget())
                .extracting(Reference::getReference)
                .containsExactly(observation.primary().getFullUrl());
        assertThat(provenance.getRecorded().toInstant()).isEqualTo(Fixtures.CLOCK.instant());
        assertThat(provenance.getEntityFirstRep().getRole().toCode()).isEqualTo("source");
        assertThat(provenance.getEntityFirstRep().getWhat().getType()).isEqualTo("Observation");
        assertThat(provenance.getEntityFirstRep().getWhat().getIdentifier().getSystem())
                .isEqualTo(SOURCE_SYSTEM);
        assertThat(provenance.getEntityFirstRep().getWhat().getIdentifier().getValue())
                .isEqualTo(OBSERVATION + "/_history/1");
        assertThat(provenance.getAgentFirstRep().getWho().getIdentifier().getSystem())
                .isEqualTo("https://regen-registry.org/fhir/sid/site");
        assertThat(provenance.getAgentFirstRep().getWho().getIdentifier().getValue())
                .isEqualTo("st-olaf");
        assertThat(provenance.getMeta().getSource()).isEqualTo(Fixtures.EHR_BASE + "/" + OBSERVATION + "/_history/1");
        assertThat(observation.provenance().getRequest().getIfNoneExist())
                .isEqualTo("_source=" + Fixtures.EHR_BASE + "/" + OBSERVATION + "/_history/1");
    }

    @Test
    void theEnrolmentGivesTheSubjectItsTrialArmAndStart() {
        ResearchSubject researchSubject = (ResearchSubject) mapper.map(Fixtures.context(), Fixtures.subjectRecord())
                .mapped()
                .get(0)
                .entries()
                .get(1)
                .getResource();

        assertThat(researchSubject.getStudy().getReference()).isEqualTo("ResearchStudy/prp-knee-oa");
        assertThat(researchSubject.getAssignedArm()).isEqualTo("LP-PRP");
        assertThat(researchSubject.getPeriod().getStartElement().getValueAsString())
                .isEqualTo("2026-03-02");
        assertThat(researchSubject.getStatus()).isEqualTo(ResearchSubjectStatus.ONSTUDYINTERVENTION);
    }

    @Test
    void anEhrResearchSubjectOfTheTrialUpdatesTheSameRegistryResearchSubject() {
        Enrolment recordedInEhr = new Enrolment(
                "ResearchStudy/prp-knee-oa",
                "LP-PRP",
                LocalDate.parse("2026-03-02"),
                ResearchSubjectStatus.ONSTUDYINTERVENTION,
                List.of(Fixtures.PRP),
                "epic-prp-knee");
        MappingContext context = new MappingContext(Fixtures.site(), recordedInEhr);
        String fromEnrolment = mapper.map(context, List.of(Fixtures.read("patient-synthea.json")))
                .mapped()
                .get(0)
                .entries()
                .get(1)
                .getRequest()
                .getUrl();
        ResearchSubject ehr = new ResearchSubject()
                .setStatus(ResearchSubjectStatus.FOLLOWUP)
                .setStudy(new Reference("ResearchStudy/epic-prp-knee"))
                .setIndividual(new Reference("Patient/" + Fixtures.PATIENT_ID));
        ehr.setId("rs-1");
        ehr.getPeriod().setStartElement(new DateTimeType("2026-03-03"));
        ResearchSubject otherStudy = ehr.copy().setStudy(new Reference("ResearchStudy/epic-other"));
        otherStudy.setId("rs-2");

        SubjectMapping mapping = mapper.map(context, List.of(Fixtures.read("patient-synthea.json"), ehr, otherStudy));

        assertThat(mapping.mapped().get(0).entries())
                .extracting(entry -> entry.getResource().fhirType())
                .containsExactly("Patient", "Provenance");
        MappedSource fromEhr = source(mapping, "ResearchSubject/rs-1");
        assertThat(fromEhr.primary().getRequest().getUrl()).isEqualTo(fromEnrolment);
        ResearchSubject researchSubject = (ResearchSubject) fromEhr.primary().getResource();
        assertThat(researchSubject.getStatus()).isEqualTo(ResearchSubjectStatus.FOLLOWUP);
        assertThat(researchSubject.getPeriod().getStartElement().getValueAsString())
                .isEqualTo("2026-03-03");
        assertThat(researchSubject.getStudy().getReference()).isEqualTo("ResearchStudy/prp-knee-oa");
        assertThat(researchSubject.getIdentifier())
                .extracting(identifier -> identifier.getSystem() + "|" + identifier.getValue())
                .contains(SOURCE_SYSTEM + "|ResearchSubject/rs-1");
        assertThat(mapping.issues())
                .containsExactly(new MappingIssue(
                        "ResearchSubject/rs-2",
                        MappingIssue.Kind.SKIPPED,
                        "the ResearchSubject is in ResearchStudy/epic-other, not the EHR study of the registry trial"
                                + " ResearchStudy/prp-knee-oa"));
    }

    @Test
    void aProcedureThatStandsForNoTrialProductIsUnmappableAndSoIsAnEventItIsSuspectedOf() {
        SubjectMapping mapping =
                mapper.map(new MappingContext(Fixtures.site(), Fixtures.enrolment()), Fixtures.subjectRecord());

        assertThat(reasons(mapping))
                .containsEntry(
                        PROCEDURE,
                        "Procedure.code http://www.ama-assn.org/go/cpt|0232T stands for no investigational product"
                                + " of ResearchStudy/prp-knee-oa")
                .containsEntry(
                        GRADED_AE,
                        "AdverseEvent.suspectEntity: no suspect is a therapy administration mapped with this"
                                + " subject");
    }

    @Test
    void anAdministrationTheProtocolGivesNoDoseForIsUnmappable() {
        TherapyProduct withoutDose = new TherapyProduct(
                Fixtures.PRP.procedureSystem(),
                Fixtures.PRP.procedureCode(),
                Fixtures.PRP.product(),
                Fixtures.PRP.route(),
                null,
                null);

        SubjectMapping mapping = mapper.map(
                new MappingContext(Fixtures.site(), Fixtures.enrolment(withoutDose)), Fixtures.subjectRecord());

        assertThat(reasons(mapping))
                .containsEntry(
                        PROCEDURE,
                        "Procedure.extension:dose: the EHR Procedure has no dose and ResearchStudy/prp-knee-oa"
                                + " configures none for 0232T");
    }

    @Test
    void anAdministrationWithoutBodySiteOrNotCompletedIsUnmappable() {
        List<Resource> noBodySite = Fixtures.subjectRecord();
        ((Procedure) noBodySite.get(2)).setBodySite(List.of());
        List<Resource> inProgress = Fixtures.subjectRecord();
        ((Procedure) inProgress.get(2)).setStatus(Procedure.ProcedureStatus.INPROGRESS);

        assertThat(reasons(mapper.map(Fixtures.context(), noBodySite)))
                .containsEntry(PROCEDURE, "Procedure.bodySite: the EHR Procedure names no body site");
        assertThat(reasons(mapper.map(Fixtures.context(), inProgress)))
                .containsEntry(
                        PROCEDURE,
                        "Procedure.status is in-progress; a therapy administration is a completed procedure");
    }

    @Test
    void theAdministrationTakesItsDateFromThePerformedPeriodAndRouteAndDoseFromTheProtocol() {
        Procedure procedure = (Procedure) source(mapper.map(Fixtures.context(), Fixtures.subjectRecord()), PROCEDURE)
                .primary()
                .getResource();

        assertThat(procedure.getPerformedDateTimeType().getValueAsString()).isEqualTo("2026-03-09T10:30:00+01:00");
        assertThat(extension(procedure, AdministrationMapper.PRODUCT).getValue())
                .isInstanceOfSatisfying(Reference.class, product -> assertThat(product.getReference())
                        .isEqualTo("BiologicallyDerivedProduct/prp-knee-oa-product"));
        assertThat(extension(procedure, AdministrationMapper.ROUTE).getValue())
                .isInstanceOfSatisfying(
                        CodeableConcept.class,
                        route -> assertThat(route.getCodingFirstRep().getCode()).isEqualTo("12130007"));
        assertThat(procedure.getPerformer()).isEmpty();
        assertThat(procedure.hasLocation()).isFalse();
        assertThat(procedure.hasEncounter()).isFalse();
    }

    @Test
    void aSeriousAdverseEventNeedsItsSeriousnessCriterion() {
        List<Resource> record = Fixtures.subjectRecord();
        AdverseEvent ehr = (AdverseEvent) record.get(5);
        ehr.getSeriousness().getCodingFirstRep().setCode("Serious");

        assertThat(reasons(mapper.map(Fixtures.context(), record)))
                .containsEntry(
                        GRADED_AE,
                        "AdverseEvent.extension:seriousnessCriterion: a serious adverse event names why it is"
                                + " serious");

        Extension criterion = ehr.addExtension()
                .setUrl("http://hl7.org/fhir/uv/ae-research-backport-ig/StructureDefinition/seriousness-criteria");
        criterion.addExtension(
                "criterionCode",
                new CodeableConcept(new Coding("http://ncicb.nci.nih.gov/xml/owl/EVS/Thesaurus.owl", "C83052", null)));
        criterion.addExtension("criterionPresent", new BooleanType(true));
        AdverseEvent mapped = (AdverseEvent) source(mapper.map(Fixtures.context(), record), GRADED_AE)
                .primary()
                .getResource();

        assertThat(extension(mapped, AdverseEventMapper.SERIOUSNESS_CRITERION).getValue())
                .isInstanceOfSatisfying(CodeableConcept.class, value -> assertThat(
                                value.getCodingFirstRep().getDisplay())
                        .isEqualTo("Requires Inpatient Hospitalization"));
    }

    @Test
    void anAdverseEventWithoutOutcomeOrCausalityIsUnmappableNamingTheElement() {
        List<Resource> noOutcome = Fixtures.subjectRecord();
        ((AdverseEvent) noOutcome.get(5)).setOutcome(null);
        List<Resource> noCausality = Fixtures.subjectRecord();
        ((AdverseEvent) noCausality.get(5)).getSuspectEntityFirstRep().setCausality(List.of());

        assertThat(reasons(mapper.map(Fixtures.context(), noOutcome)))
                .containsEntry(GRADED_AE, "AdverseEvent.outcome: the EHR records no outcome");
        assertThat(reasons(mapper.map(Fixtures.context(), noCausality)))
                .containsEntry(
                        GRADED_AE,
                        "AdverseEvent.suspectEntity.causality.assessment: the EHR does not assess whether " + PROCEDURE
                                + " caused the event");
    }

    @Test
    void aNumericRatingOutsideZeroToTenIsUnmappable() {
        List<Resource> record = Fixtures.subjectRecord();
        ((Observation) record.get(3)).getValueQuantity().setValue(70);

        assertThat(reasons(mapper.map(Fixtures.context(), record)))
                .containsEntry(OBSERVATION, "Observation.value[x]: a numeric rating scale score is between 0 and 10");
    }

    @Test
    void aScoreTakesTheRegistryCategoryAndCodeAndDropsTheEhrs() {
        Observation score = (Observation) source(mapper.map(Fixtures.context(), Fixtures.subjectRecord()), OBSERVATION)
                .primary()
                .getResource();

        assertThat(score.getCategory()).singleElement().satisfies(category -> assertThat(
                        category.getCodingFirstRep().getCode())
                .isEqualTo("survey"));
        assertThat(score.getCode().getCoding()).singleElement().satisfies(code -> assertThat(
                        code.getSystem() + "|" + code.getCode())
                .isEqualTo("http://loinc.org|72514-3"));
        assertThat(score.getMeta().getProfile())
                .extracting(profile -> profile.getValue())
                .containsExactly("https://regen-registry.org/fhir/StructureDefinition/rr-pain-score");
        assertThat(score.getPerformer()).isEmpty();
        assertThat(score.hasEncounter()).isFalse();
    }

    @Test
    void aResourceAboutAnotherPatientIsUnmappable() {
        List<Resource> record = Fixtures.subjectRecord();
        ((Condition) record.get(1)).setSubject(new Reference("Patient/someone-else"));

        assertThat(reasons(mapper.map(Fixtures.context(), record)))
                .containsEntry(
                        "Condition/c1a2b3c4-5d6e-4f70-8a91-b2c3d4e5f601",
                        "Condition.subject is Patient/someone-else, not the subject's Patient");
    }

    @Test
    void resourcesTheRegistryDoesNotTakeAreSkipped() {
        Encounter encounter = new Encounter();
        encounter.setId("e0000000-0000-4000-8000-000000000008");

        SubjectMapping mapping =
                mapper.map(Fixtures.context(), List.of(Fixtures.read("patient-synthea.json"), encounter));

        assertThat(mapping.issues())
                .containsExactly(new MappingIssue(
                        "Encounter/e0000000-0000-4000-8000-000000000008",
                        MappingIssue.Kind.SKIPPED,
                        "Encounter is not a resource the registry takes from EHRs"));
    }

    @Test
    void withoutThePatientNothingIsMappedAndASecondPatientIsRefused() {
        List<Resource> withoutPatient = Fixtures.subjectRecord().subList(1, 7);
        Patient second = (Patient) Fixtures.read("patient-synthea.json");
        second.setId("another");

        SubjectMapping none = mapper.map(Fixtures.context(), withoutPatient);
        SubjectMapping two = mapper.map(Fixtures.context(), List.of(Fixtures.read("patient-synthea.json"), second));

        assertThat(none.mapped()).isEmpty();
        assertThat(none.issues())
                .hasSize(6)
                .extracting(MappingIssue::reason)
                .containsOnly("no registry Patient to refer to: no Patient is among the inputs");
        assertThat(two.mapped()).hasSize(1);
        assertThat(two.issues())
                .containsExactly(new MappingIssue(
                        "Patient/another",
                        MappingIssue.Kind.UNMAPPABLE,
                        "a second Patient: a mapping is about one subject, Patient/" + Fixtures.PATIENT_ID));
    }

    private static List<BundleEntryComponent> entries(SubjectMapping mapping) {
        return mapping.mapped().stream()
                .flatMap(source -> source.entries().stream())
                .toList();
    }

    private static MappedSource source(SubjectMapping mapping, String source) {
        return mapping.mapped().stream()
                .filter(mapped -> mapped.source().equals(source))
                .findFirst()
                .orElseThrow(() -> new AssertionError(source + " was not mapped: " + mapping.issues()));
    }

    private static Map<String, String> reasons(SubjectMapping mapping) {
        return mapping.issues().stream().collect(Collectors.toMap(MappingIssue::source, MappingIssue::reason));
    }

    private static Meta meta(MappedSource source) {
        return source.primary().getResource().getMeta();
    }

    private static Extension extension(DomainResource resource, String url) {
        return resource.getExtensionByUrl(url);
    }

    private static String pseudonym(List<BundleEntryComponent> entries) {
        return ((Patient) entries.get(0).getResource()).getIdentifier().get(1).getValue();
    }

    private static String json(Resource resource) {
        return FHIR.newJsonParser().encodeResourceToString(resource);
    }
}
