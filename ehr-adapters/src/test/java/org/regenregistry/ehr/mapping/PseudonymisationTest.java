package org.regenregistry.ehr.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.regenregistry.ehr.mapping.Fixtures.FHIR;

import java.util.List;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.regenregistry.profiles.RegistryIdentifierSystems;

class PseudonymisationTest {

    private final SubjectMapper mapper = new SubjectMapper(Fixtures.CLOCK);

    @Test
    void noPersonalDataOfTheEhrPatientReachesTheTransactionBundles() {
        SubjectMapping mapping = mapper.map(Fixtures.context(), Fixtures.subjectRecord());
        String bundles = String.join(
                "\n",
                new TransactionBundles()
                        .build(mapping.mapped()).stream()
                                .map(bundle -> FHIR.newJsonParser().encodeResourceToString(bundle))
                                .toList());

        assertThat(mapping.mapped()).hasSize(5);
        assertThat(bundles)
                .doesNotContain(
                        // names, also in reference displays, the narrative and mother's maiden name
                        "Marla943",
                        "Kuhlman484",
                        "Bergstrom287",
                        "Lindgren771",
                        "Dale127",
                        "Wehner319",
                        // address, birth place, telecom
                        "Schamberger",
                        "Faribault",
                        "55021",
                        "Northfield",
                        "555-318",
                        "marla.kuhlman",
                        // MRN (Synthea also uses it as the Patient id), SSN, driver's licence, passport
                        Fixtures.PATIENT_ID,
                        "999-61-4412",
                        "S99937715",
                        "X48213456X",
                        // birth month and day
                        "1961-07-14",
                        "-07-14",
                        // identifier systems and extensions of the EHR Patient
                        "hospital.smarthealthit.org",
                        "us-ssn",
                        "us-core-race",
                        "us-core-ethnicity",
                        "mothersMaidenName",
                        "birthPlace",
                        "birthsex",
                        "synthea",
                        "geolocation",
                        // narrative
                        "\"text\":{",
                        "xhtml");
    }

    @Test
    void theRegistryPatientHasTheMrnHashThePseudonymGenderBirthYearAndNothingElse() {
        Patient patient = registryPatient(Fixtures.subjectRecord());

        assertThat(patient.getIdentifier()).hasSize(2);
        Identifier hash = patient.getIdentifier().get(0);
        assertThat(hash.getSystem()).isEqualTo("https://regen-registry.org/fhir/sid/mrn-hash/st-olaf");
        assertThat(hash.getValue())
                .isEqualTo(new Pseudonyms(Fixtures.site().key()).mrnHash(Fixtures.PATIENT_ID))
                .matches("[0-9a-f]{64}");
        Identifier pseudonym = patient.getIdentifier().get(1);
        assertThat(pseudonym.getSystem()).isEqualTo(RegistryIdentifierSystems.PSEUDONYM);
        assertThat(pseudonym.getValue()).matches("RR-[A-Z2-7]{20}");
        assertThat(pseudonym.getType().getCodingFirstRep().getCode()).isEqualTo("registry-subject");
        assertThat(patient.getGender().toCode()).isEqualTo("female");
        assertThat(patient.getBirthDateElement().getValueAsString()).isEqualTo("1961");
        assertThat(patient.hasDeceased()).isFalse();
        assertThat(patient.getExtension()).isEmpty();
        assertThat(patient.hasText()).isFalse();
        assertThat(patient.getMeta().getProfile()).isEmpty();
        assertThat(FHIR.newTerser().getAllPopulatedChildElementsOfType(patient, HumanName.class))
                .isEmpty();
        assertThat(patient.getMeta().getSource())
                .startsWith(Fixtures.EHR_BASE + "/Patient/")
                .endsWith("/_history/3")
                .doesNotContain(Fixtures.PATIENT_ID);
    }

    @Test
    void aDateOfDeathBecomesOnlyTheFactOfDeath() {
        Patient ehr = (Patient) Fixtures.read("patient-synthea.json");
        ehr.setDeceased(new DateTimeType("2026-05-01T13:00:00Z"));

        Patient patient = registryPatient(List.of(ehr));

        assertThat(patient.getDeceasedBooleanType().booleanValue()).isTrue();
        assertThat(FHIR.newJsonParser().encodeResourceToString(patient)).doesNotContain("2026-05-01");
    }

    @Test
    void theMrnIsFoundByTheSitesConfiguredSystemWhenTheEhrDoesNotTypeIt() {
        Patient ehr = (Patient) Fixtures.read("patient-synthea.json");
        ehr.getIdentifier()
                .removeIf(identifier -> identifier.getType().getCodingFirstRep().getCode() != null
                        && identifier.getType().getCodingFirstRep().getCode().equals("MR"));
        ehr.addIdentifier()
                .setSystem("urn:oid:1.2.840.114350.1.13.0.1.7.5.737384.14")
                .setValue("E4017");
        SourceSite site = new SourceSite(
                "st-olaf",
                Fixtures.site().key(),
                Fixtures.site().fhirBase(),
                "urn:oid:1.2.840.114350.1.13.0.1.7.5.737384.14");

        SubjectMapping mapping = mapper.map(new MappingContext(site, Fixtures.enrolment(Fixtures.PRP)), List.of(ehr));

        Patient patient = (Patient) mapping.mapped().get(0).primary().getResource();
        assertThat(patient.getIdentifierFirstRep().getValue()).isEqualTo(new Pseudonyms(site.key()).mrnHash("E4017"));
    }

    @Test
    void aPatientWithoutAnMrnIsUnmappableAndSoIsEverythingAboutIt() {
        List<Resource> record = Fixtures.subjectRecord();
        ((Patient) record.get(0)).getIdentifier().removeIf(identifier -> "MR"
                .equals(identifier.getType().getCodingFirstRep().getCode()));

        SubjectMapping mapping = mapper.map(Fixtures.context(), record);

        assertThat(mapping.mapped()).isEmpty();
        assertThat(mapping.issues()).hasSize(7).allMatch(issue -> issue.kind() == MappingIssue.Kind.UNMAPPABLE);
        assertThat(mapping.issues().get(0).source()).isEqualTo("Patient/" + Fixtures.PATIENT_ID);
        assertThat(mapping.issues().get(0).reason())
                .isEqualTo("the Patient has no MRN (an identifier of type http://terminology.hl7.org/CodeSystem/"
                        + "v2-0203|MR), so it cannot be pseudonymised");
        assertThat(mapping.issues().subList(1, 7))
                .extracting(MappingIssue::reason)
                .containsOnly("no registry Patient to refer to: the subject's Patient is unmappable");
    }

    @Test
    void anotherSiteKeyGivesTheSamePersonAnotherHashAndPseudonym() {
        Patient stOlaf = registryPatient(Fixtures.subjectRecord());
        Patient otherKey = (Patient) new SubjectMapper(Fixtures.CLOCK)
                .map(
                        new MappingContext(Fixtures.site("another-sync-key-0123456789abcdefgh"), Fixtures.enrolment()),
                        List.of(Fixtures.read("patient-synthea.json")))
                .mapped()
                .get(0)
                .primary()
                .getResource();

        assertThat(otherKey.getIdentifier().get(0).getValue())
                .isNotEqualTo(stOlaf.getIdentifier().get(0).getValue());
        assertThat(otherKey.getIdentifier().get(1).getValue())
                .isNotEqualTo(stOlaf.getIdentifier().get(1).getValue());
        assertThat(otherKey.getMeta().getSource()).isNotEqualTo(stOlaf.getMeta().getSource());
    }

    private Patient registryPatient(List<? extends Resource> record) {
        return (Patient)
                mapper.map(Fixtures.context(), record).mapped().get(0).primary().getResource();
    }
}
