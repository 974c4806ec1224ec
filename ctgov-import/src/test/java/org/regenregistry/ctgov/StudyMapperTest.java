package org.regenregistry.ctgov;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DeviceDefinition;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Range;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ResearchStudy;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.regenregistry.profiles.RegistryExtensions;
import org.regenregistry.profiles.RegistryIdentifierSystems;
import org.regenregistry.profiles.RegistryValidation;

class StudyMapperTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static FhirValidator validator;
    private final StudyMapper mapper = new StudyMapper(new TherapyClassifier(), MeshConditions.fromPackage());

    @BeforeAll
    static void validator() {
        validator = RegistryValidation.validator(FHIR);
    }

    @Test
    void everyRealRecordMapsToValidResourcesOrIsRefusedWithAReason() {
        Map<String, String> refused = new TreeMap<>();
        List<String> errors = new ArrayList<>();
        int mapped = 0;
        List<StudyRecords.Item> items = new ArrayList<>(Fixtures.records("aact"));
        items.addAll(Fixtures.records("labelled"));
        items.addAll(Fixtures.records("built"));
        for (StudyRecords.Item item : items) {
            try {
                Bundle transaction = mapper.map(item.study()).transaction();
                mapped++;
                for (Bundle.BundleEntryComponent entry : transaction.getEntry()) {
                    for (SingleValidationMessage message :
                            validator.validateWithResult(entry.getResource()).getMessages()) {
                        if (message.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal()) {
                            errors.add(item.source() + " " + entry.getFullUrl() + " " + message.getLocationString()
                                    + ": " + message.getMessage());
                        }
                    }
                }
            } catch (UnmappableStudy e) {
                refused.put(item.source(), e.getMessage());
            }
        }
        assertThat(errors).isEmpty();
        assertThat(mapped).isEqualTo(items.size() - 2);
        assertThat(refused)
                .containsOnly(
                        entry("NCT00465816.json", "no condition (conditionsModule.conditions)"),
                        entry("NCT03453554.json", "no condition (conditionsModule.conditions)"));
    }

    /** No public record of these families was found: the two are built by the schema (see the fixtures' README). */
    @Test
    void exosomeAndGeneTherapyTrialsCarryTheirFamilies() throws UnmappableStudy {
        ResearchStudy exosome = trial(mapper.map(Fixtures.study("built", "NCT09100001")));
        ResearchStudy gene = trial(mapper.map(Fixtures.study("built", "NCT09100002")));

        assertThat(exosome.getExtensionsByUrl(RegistryExtensions.THERAPY_FAMILY))
                .extracting(family -> ((CodeableConcept) family.getValue())
                        .getCodingFirstRep()
                        .getCode())
                .containsExactly("exosome");
        assertThat(gene.getExtensionsByUrl(RegistryExtensions.THERAPY_FAMILY))
                .extracting(family -> ((CodeableConcept) family.getValue())
                        .getCodingFirstRep()
                        .getCode())
                .containsExactly("gene-therapy");
        assertThat(gene.getKeyword())
                .filteredOn(CodeableConcept::hasCoding)
                .extracting(keyword -> keyword.getCodingFirstRep().getCode())
                .containsExactly("viral-vector");
        assertThat(gene.getPhase().getCodingFirstRep().getCode()).isEqualTo("phase-2");
        assertThat(gene.getStatus()).isEqualTo(ResearchStudy.ResearchStudyStatus.APPROVED);
    }

    /** Built by the schema as well: a spinal cord stimulator and a transcranial magnetic stimulator under test. */
    @Test
    void testedNeuromodulationDevicesBecomeTheTrialsDevices() throws UnmappableStudy {
        MappedStudy scs = mapper.map(Fixtures.study("built", "NCT09100003"));
        MappedStudy tms = mapper.map(Fixtures.study("built", "NCT09100004"));

        DeviceDefinition stimulator = resources(scs, DeviceDefinition.class).get(0);
        assertThat(resources(scs, DeviceDefinition.class)).hasSize(1);
        assertThat(stimulator.getType().getCodingFirstRep().getCode()).isEqualTo("scs");
        assertThat(stimulator.getDeviceNameFirstRep().getName()).isEqualTo("10 kHz spinal cord stimulation");
        assertThat(stimulation(stimulator, "implanted")).containsExactly("true");
        assertThat(stimulation(stimulator, "paradigm")).containsExactly("high-frequency-10khz");
        assertThat(trial(scs).getExtensionsByUrl(RegistryExtensions.INVESTIGATIONAL_PRODUCT))
                .extracting(product -> ((Reference) product.getValue()).getReference())
                .containsExactly("DeviceDefinition/" + stimulator.getIdPart());

        assertThat(trial(scs).getArm())
                .extracting(arm -> arm.getName() + " "
                        + arm.getExtensionsByUrl(RegistryExtensions.ARM_THERAPY).stream()
                                .map(therapy -> ((CodeableConcept) therapy.getValue())
                                        .getCodingFirstRep()
                                        .getCode())
                                .toList())
                .containsExactly("10 kHz SCS plus CMM [scs]", "CMM alone []");

        DeviceDefinition coil = resources(tms, DeviceDefinition.class).get(0);
        assertThat(resources(tms, DeviceDefinition.class))
                .as("the sham coil is a comparator, not a tested device")
                .hasSize(1);
        assertThat(coil.getType().getCodingFirstRep().getCode()).isEqualTo("rtms");
        assertThat(stimulation(coil, "implanted")).containsExactly("false");
        assertThat(stimulation(coil, "paradigm")).containsExactly("high-frequency-rtms");
    }

    /** NCT04388332: two central contacts, a principal investigator, an industry collaborator, a recruiting site. */
    @Test
    void contactsInvestigatorCollaboratorsAndEachSitesRecruitmentAreKept() throws UnmappableStudy {
        MappedStudy mapped = mapper.map(Fixtures.study("labelled", "NCT04388332"));
        ResearchStudy trial = trial(mapped);

        assertThat(trial.getContact())
                .extracting(contact -> contact.getName() + " "
                        + contact.getTelecom().stream()
                                .map(telecom -> telecom.getValue())
                                .toList())
                .containsExactly(
                        "Nestor Tomycz, MD [412-359-6200, nestor.tomycz@ahn.org]",
                        "Alexander Yu, MD [412-359-6200, alexander.yu@ahn.org]");
        Practitioner investigator = resources(mapped, Practitioner.class).get(0);
        assertThat(trial.getPrincipalInvestigator().getReference())
                .isEqualTo("Practitioner/" + investigator.getIdPart());
        assertThat(investigator.getNameFirstRep().getText()).isEqualTo("Nestor Tomycz, MD");
        assertThat(trial.getExtensionsByUrl(RegistryExtensions.COLLABORATOR))
                .extracting(collaborator -> ((Reference) collaborator.getValue()).getReference())
                .containsExactly("Organization/"
                        + resources(mapped, Organization.class).stream()
                                .filter(organization -> organization.getName().equals("Stryker Spine"))
                                .findFirst()
                                .orElseThrow()
                                .getIdPart());
        assertThat(trial.getSiteFirstRep()
                        .getExtensionByUrl(RegistryExtensions.SITE_RECRUITMENT)
                        .getValue())
                .isInstanceOfSatisfying(CodeableConcept.class, status -> assertThat(
                                status.getCodingFirstRep().getCode())
                        .isEqualTo("recruiting"));
    }

    @Test
    void theValidatorHoldsMappedRecordsToTheProfiles() throws UnmappableStudy {
        ResearchStudy trial = trial(mapper.map(Fixtures.study("aact", "NCT02552212")));
        trial.getCondition().clear();
        trial.getExtension().removeIf(extension -> extension.getUrl().equals(RegistryExtensions.THERAPY_FAMILY));

        assertThat(validator.validateWithResult(trial).getMessages())
                .filteredOn(message -> message.getSeverity() == ResultSeverityEnum.ERROR)
                .extracting(SingleValidationMessage::getMessage)
                .anySatisfy(message -> assertThat(message).contains("ResearchStudy.condition"))
                .anySatisfy(message -> assertThat(message).contains("therapyFamily"));
    }

    @Test
    void aTrialKeepsItsIdentityStatusPhaseDatesAndSource() throws UnmappableStudy {
        MappedStudy mapped = mapper.map(Fixtures.study("aact", "NCT02552212"));
        ResearchStudy trial = trial(mapped);

        assertThat(mapped.trialId()).isEqualTo("ctgov-nct02552212");
        assertThat(mapped.lastUpdated()).isEqualTo("2022-08-18");
        assertThat(trial.getIdentifier())
                .extracting(Identifier::getSystem, Identifier::getValue)
                .containsExactly(
                        tuple(RegistryIdentifierSystems.TRIAL, "RR-NCT02552212"),
                        tuple("https://clinicaltrials.gov", "NCT02552212"),
                        tuple(null, "AS0006"));
        assertThat(trial.getIdentifier().get(2).getAssigner().getDisplay()).isEqualTo("UCB Pharma");
        assertThat(trial.getStatus()).isEqualTo(ResearchStudy.ResearchStudyStatus.COMPLETED);
        assertThat(trial.getPhase().getCodingFirstRep().getCode()).isEqualTo("phase-3");
        assertThat(trial.getPrimaryPurposeType().getCodingFirstRep().getCode()).isEqualTo("treatment");
        assertThat(trial.getPeriod().getStartElement().getValueAsString()).isEqualTo("2015-09");
        assertThat(trial.getPeriod().getEndElement().getValueAsString()).isEqualTo("2020-05");
        assertThat(trial.getNoteFirstRep().getText())
                .isEqualTo("Dates at ClinicalTrials.gov: start 2015-09 (actual); primary completion 2018-05 (actual);"
                        + " completion 2020-05 (actual)");
        Extension recruitment = trial.getExtensionByUrl(RegistryExtensions.RECRUITMENT);
        assertThat(((CodeableConcept) recruitment.getExtensionByUrl("status").getValue())
                        .getCodingFirstRep()
                        .getCode())
                .isEqualTo("completed");
        assertThat(recruitment.getExtensionByUrl("actualNumber").getValue().primitiveValue())
                .isEqualTo("317");
        Extension source = trial.getExtensionByUrl(RegistryExtensions.SOURCE_RECORD);
        assertThat(source.getExtensionByUrl("record").getValue().primitiveValue())
                .isEqualTo("https://clinicaltrials.gov/study/NCT02552212");
        assertThat(source.getExtensionByUrl("lastUpdated").getValue().primitiveValue())
                .isEqualTo("2022-08-18");
        assertThat(trial.getArm())
                .extracting(
                        arm -> arm.getName(),
                        arm -> arm.getType().getCodingFirstRep().getCode())
                .containsExactly(
                        tuple("Certolizumab Pegol 200 mg Q2W", "experimental"), tuple("Placebo", "placebo-comparator"));
        assertThat(trial.getSite()).hasSize(105);
        assertThat(resources(mapped, Location.class))
                .hasSize(105)
                .allSatisfy(site -> assertThat(site.getPosition().hasLatitude()).isTrue());
        assertThat(resources(mapped, Organization.class))
                .singleElement()
                .satisfies(sponsor -> assertThat(sponsor.getName()).isEqualTo("UCB BIOSCIENCES GmbH"));
    }

    @Test
    void eligibilityGivesAgesInYearsSexesAndHealthyVolunteers() throws UnmappableStudy {
        Group eligibility = resources(mapper.map(Fixtures.study("labelled", "NCT05326594")), Group.class)
                .get(0);

        Range ages = (Range) eligibility.getCharacteristic().get(0).getValue();
        assertThat(ages.getLow().getValue()).isEqualByComparingTo("1.5");
        assertThat(ages.getHigh().getValue()).isEqualByComparingTo("50");
        assertThat(eligibility.getCharacteristic())
                .filteredOn(characteristic ->
                        characteristic.getCode().getCodingFirstRep().getCode().equals("sex"))
                .extracting(characteristic -> ((CodeableConcept) characteristic.getValue())
                        .getCodingFirstRep()
                        .getCode())
                .containsExactly("female", "male");
        assertThat(eligibility.getText().getDivAsString()).contains("<pre>");
    }

    @Test
    void agesAreYearsRoundedOutwards() {
        assertThat(StudyMapper.years("18 Years", RoundingMode.FLOOR)).isEqualByComparingTo("18");
        assertThat(StudyMapper.years("6 Months", RoundingMode.FLOOR)).isEqualByComparingTo("0.5");
        assertThat(StudyMapper.years("11 Months", RoundingMode.CEILING)).isEqualByComparingTo("0.92");
        assertThat(StudyMapper.years("11 Months", RoundingMode.FLOOR)).isEqualByComparingTo("0.91");
        assertThat(StudyMapper.years("4 Weeks", RoundingMode.FLOOR)).isEqualByComparingTo("0.07");
        assertThat(StudyMapper.years("N/A", RoundingMode.FLOOR)).isNull();
        assertThat(StudyMapper.years("", RoundingMode.FLOOR)).isNull();
    }

    @Test
    void conditionsAreTextWithMeshAndThePackagesPainCodes() throws UnmappableStudy {
        ResearchStudy trial = trial(mapper.map(Fixtures.study("labelled", "NCT00000410")));

        assertThat(trial.getCondition())
                .extracting(CodeableConcept::getText)
                .startsWith("Herniated Disc", "Low Back Pain");
        CodeableConcept lowBackPain = trial.getCondition().get(1);
        assertThat(lowBackPain.getCoding())
                .extracting(Coding::getSystem, Coding::getCode)
                .containsExactly(
                        tuple("https://www.nlm.nih.gov/mesh", "D017116"),
                        tuple("http://snomed.info/sct", "279039007"),
                        tuple("http://hl7.org/fhir/sid/icd-10-cm", "M54.50"));
        assertThat(trial.getCondition())
                .filteredOn(condition -> condition.getText().equals("Intervertebral Disc Displacement"))
                .singleElement()
                .satisfies(condition -> assertThat(condition.getCoding())
                        .extracting(Coding::getCode)
                        .containsExactly("D007405"));
    }

    @Test
    void aWithdrawnRecordIsMarkedWithItsReason() throws UnmappableStudy {
        ResearchStudy trial = trial(mapper.map(Fixtures.study("aact", "NCT00973089")));

        assertThat(trial.getStatus()).isEqualTo(ResearchStudy.ResearchStudyStatus.WITHDRAWN);
        assertThat(trial.getReasonStopped().getText()).startsWith("recruiting or enrolling participants has halted");
        assertThat(((CodeableConcept) trial.getExtensionByUrl(RegistryExtensions.RECRUITMENT)
                                .getExtensionByUrl("status")
                                .getValue())
                        .getCodingFirstRep()
                        .getCode())
                .isEqualTo("withdrawn");
    }

    @Test
    void anUnknownStatusIsTheLastKnownOneWithANote() throws UnmappableStudy {
        ResearchStudy trial = trial(mapper.map(Fixtures.study("aact", "NCT03475563")));

        assertThat(trial.getStatus()).isEqualTo(ResearchStudy.ResearchStudyStatus.ACTIVE);
        assertThat(trial.getNote())
                .extracting(Annotation::getText)
                .contains("Status at ClinicalTrials.gov: unknown (not verified for over two years); last known"
                        + " recruiting");
    }

    @Test
    void mappingARecordAgainGivesTheSameTransaction() throws UnmappableStudy {
        JsonNode study = Fixtures.study("aact", "NCT02210780");
        IParser json = FHIR.newJsonParser();

        assertThat(json.encodeResourceToString(mapper.map(study).transaction()))
                .isEqualTo(json.encodeResourceToString(
                        new StudyMapper(new TherapyClassifier(), MeshConditions.fromPackage())
                                .map(study.deepCopy())
                                .transaction()));
    }

    @Test
    void aRecordThatIsNoTrialOrLacksWhatOneNeedsIsRefusedWithTheReason() {
        ObjectNode expandedAccess = Fixtures.study("aact", "NCT02552212").deepCopy();
        ((ObjectNode) expandedAccess.path("protocolSection").path("designModule")).put("studyType", "EXPANDED_ACCESS");
        ObjectNode noStart = Fixtures.study("aact", "NCT02552212").deepCopy();
        ((ObjectNode) noStart.path("protocolSection").path("statusModule")).remove("startDateStruct");
        ObjectNode badId = Fixtures.study("aact", "NCT02552212").deepCopy();
        ((ObjectNode) badId.path("protocolSection").path("identificationModule")).put("nctId", "NCT1");

        assertThatThrownBy(() -> mapper.map(expandedAccess)).hasMessage("an expanded-access record, not a trial");
        assertThatThrownBy(() -> mapper.map(noStart)).hasMessage("no start date (statusModule.startDateStruct)");
        assertThatThrownBy(() -> mapper.map(badId)).hasMessage("NCT number NCT1 is not NCT followed by 8 digits");
    }

    private static List<String> stimulation(DeviceDefinition device, String part) {
        return device.getExtensionByUrl(RegistryExtensions.STIMULATION).getExtensionsByUrl(part).stream()
                .map(extension -> extension.getValue() instanceof CodeableConcept concept
                        ? concept.getCodingFirstRep().getCode()
                        : extension.getValue().primitiveValue())
                .toList();
    }

    private static ResearchStudy trial(MappedStudy mapped) {
        return resources(mapped, ResearchStudy.class).get(0);
    }

    private static <T extends Resource> List<T> resources(MappedStudy mapped, Class<T> type) {
        return mapped.transaction().getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }
}
