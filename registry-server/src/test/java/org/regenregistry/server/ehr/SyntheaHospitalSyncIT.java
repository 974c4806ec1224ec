package org.regenregistry.server.ehr;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.rest.api.CacheControlDirective;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ResearchStudy;
import org.hl7.fhir.r4.model.ResearchSubject;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.regenregistry.ehr.mapping.RegistryIdentifiers;
import org.regenregistry.profiles.RegistryCodeSystems;
import org.regenregistry.profiles.RegistryIdentifierSystems;
import org.regenregistry.server.support.ExampleTrials;
import org.regenregistry.server.support.FhirHttp;
import org.regenregistry.server.support.HospitalEhrInitializer;
import org.regenregistry.server.support.RegistryClientSupport;
import org.regenregistry.server.support.SecurityClientsInitializer;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

/**
 * The sync end to end against a real FHIR server playing a hospital EHR: a second HAPI JPA server (see {@link
 * HospitalEhrInitializer}) behind a SMART proxy, loaded with Synthea patients. What reaches the registry is exactly the
 * Group's patients, pseudonymised, with their pain scores; an edit in the EHR updates the registry copy in place, and
 * re-runs create nothing; a read-write site gets the registry's enrolments back. Its own Spring context (the hospital
 * must exist before the registry starts), so the shared context of the other ITs starts no hospital. That context is
 * closed after this class: left open, it is a second registry instance on the ITs' database, whose HAPI scheduler
 * also takes the subscription events other ITs cause, matched against its own topic cache.
 */
@ContextConfiguration(initializers = HospitalEhrInitializer.class)
@DirtiesContext
class SyntheaHospitalSyncIT extends RegistryClientSupport {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE_TAG = RegistryCodeSystems.SOURCE_SITE + "|" + HospitalEhrInitializer.SITE;
    private static final String PAIN = "http://loinc.org|72514-3";
    private static final String MR = "MR";

    /** Four of the twelve Synthea patients: about 120 Observations, more than one page of the sync's searches. */
    private static final List<String> PATIENT_BUNDLES = List.of(
            "Alda400_Marquardt819_b300716e-ae67-8d6f-d694-51d801881ce0.json",
            "Damaris45_Marianna323_Bradtke547_36e02990-33ed-1d82-a00a-752d3319dc09.json",
            "Freeman822_Herzog843_76894769-ef33-aec1-e4ce-967c59467664.json",
            "Lecia978_Sanford861_347ceebf-0248-5a56-14f3-e1e8e8ffb73c.json");

    /** Two others, for the read-write site. */
    private static final List<String> PUSHED_PATIENT_BUNDLES = List.of(
            "Lonny638_Schumm995_72472a16-da61-3867-16d0-79a500dce9f6.json",
            "Mariano761_Tamez493_2e23caa4-d831-1f47-c522-0518bab7bd3d.json");

    @Test
    void syntheaPatientsArrivePseudonymisedWithTheirPainScoresAndAnEhrEditUpdatesTheirCopyWithoutDuplicates()
            throws Exception {
        client.transaction().withBundle(ExampleTrials.bundle("prp-knee-oa")).execute();
        IGenericClient hospital = new FhirHttp(HospitalEhrInitializer.hospitalPort()).client();
        List<Patient> sources = loadSyntheaPatients(hospital, PATIENT_BUNDLES);
        enrol(hospital, HospitalEhrInitializer.GROUP, sources);
        long expectedRead = resourcesAbout(hospital, sources);
        List<Observation> painAtHospital = painScoresAt(hospital, sources);

        JsonNode first = sync();

        assertThat(first.at("/state").asText())
                .as("non-score Observations are skipped: %s", first)
                .isEqualTo("PARTIAL");
        assertThat(first.at("/counts/read").asLong()).as(first.toString()).isEqualTo(expectedRead);
        assertThat(first.at("/counts/created").asLong()).as(first.toString()).isPositive();
        assertThat(first.at("/counts/failed").asLong()).as(first.toString()).isZero();
        assertThat(first.at("/counts/created").asLong()
                        + first.at("/counts/skipped").asLong())
                .as("every resource read was either created or skipped: %s", first)
                .isEqualTo(expectedRead);
        List<Patient> synced = search(Patient.class, "Patient?_security=" + SITE_TAG);
        assertThat(synced).hasSize(sources.size());
        assertThat(count("ResearchSubject?_security=" + SITE_TAG))
                .as("one enrolment per Group member")
                .isEqualTo(sources.size());
        assertNoPersonalData(synced, sources);
        assertThat(synced.stream().map(SyntheaHospitalSyncIT::genderAndBirthYear))
                .containsExactlyInAnyOrderElementsOf(sources.stream()
                        .map(SyntheaHospitalSyncIT::genderAndBirthYear)
                        .toList());
        List<Observation> painInRegistry =
                search(Observation.class, "Observation?_security=" + SITE_TAG + "&code=" + PAIN);
        assertThat(painInRegistry.stream()
                        .map(observation -> observation.getMeta().getSource()))
                .containsExactlyInAnyOrderElementsOf(painAtHospital.stream()
                        .map(SyntheaHospitalSyncIT::source)
                        .toList());
        long observations = count("Observation?_security=" + SITE_TAG);
        long conditions = count("Condition?_security=" + SITE_TAG);
        long provenances = count("Provenance?_security=" + SITE_TAG);
        HospitalEhrInitializer.proxy().verify(postRequestedFor(urlEqualTo("/oauth2/token")));
        HospitalEhrInitializer.proxy()
                .verify(getRequestedFor(urlPathEqualTo("/fhir/Observation"))
                        .withHeader("Authorization", matching("Bearer [\\w-]+\\.[\\w-]+\\.[\\w-]+")));
        HospitalEhrInitializer.proxy()
                .verify(getRequestedFor(urlPathEqualTo("/fhir")).withQueryParam("_getpages", matching(".+")));

        Observation edited = painAtHospital.get(0);
        assertThat(edited.getValueQuantity().getValue()).isNotEqualByComparingTo("9");
        edited.getValueQuantity().setValue(9);
        edited.setId(edited.getIdElement().toUnqualifiedVersionless());
        IdType stored = (IdType) hospital.update().resource(edited).execute().getId();
        assertThat(stored.getVersionIdPart()).isEqualTo("2");
        JsonNode second = sync();

        assertThat(second.at("/counts/created").asLong()).as(second.toString()).isZero();
        assertThat(second.at("/counts/updated").asLong()).as(second.toString()).isEqualTo(1);
        assertThat(second.at("/counts/failed").asLong()).as(second.toString()).isZero();
        List<Observation> copies = search(
                Observation.class,
                "Observation?_security=" + SITE_TAG + "&identifier="
                        + RegistryIdentifiers.source(HospitalEhrInitializer.SITE) + "|Observation/"
                        + edited.getIdElement().getIdPart());
        assertThat(copies).hasSize(1);
        assertThat(copies.get(0).getMeta().getSource())
                .isEqualTo(source("Observation", stored.getIdPart(), stored.getVersionIdPart()));
        assertThat(copies.get(0).getValueQuantity().getValue()).isEqualByComparingTo("9");
        assertThat(count("Patient?_security=" + SITE_TAG)).isEqualTo(sources.size());
        assertThat(count("Observation?_security=" + SITE_TAG)).isEqualTo(observations);
        assertThat(count("Observation?_security=" + SITE_TAG + "&code=" + PAIN)).isEqualTo(painInRegistry.size());
        assertThat(count("Condition?_security=" + SITE_TAG)).isEqualTo(conditions);
        assertThat(count("Provenance?_security=" + SITE_TAG))
                .as("one Provenance per source version")
                .isEqualTo(provenances + 1);

        JsonNode third = sync();

        assertThat(third.at("/counts/created").asLong()).as(third.toString()).isZero();
        assertThat(third.at("/counts/updated").asLong()).as(third.toString()).isZero();
        assertThat(third.at("/counts/failed").asLong()).as(third.toString()).isZero();
        assertThat(count("Patient?_security=" + SITE_TAG)).isEqualTo(sources.size());
        assertThat(count("Observation?_security=" + SITE_TAG)).isEqualTo(observations);
        assertThat(count("Provenance?_security=" + SITE_TAG)).isEqualTo(provenances + 1);
    }

    /**
     * A read-write site: the registry's enrolments reach the hospital as ResearchSubjects of its own Patients, in a
     * ResearchStudy it creates once; a withdrawal recorded in the registry reaches the hospital's record, also when
     * the hospital refused writes for a while, and is not overwritten by the hospital's older state; a record that
     * already says what the registry says is not written again.
     */
    @Test
    void aReadWriteSitePushesEnrolmentsAndARegistryWithdrawalToTheHospital() throws Exception {
        client.transaction().withBundle(ExampleTrials.bundle("prp-knee-oa")).execute();
        IGenericClient hospital = new FhirHttp(HospitalEhrInitializer.hospitalPort()).client();
        List<Patient> sources = loadSyntheaPatients(hospital, PUSHED_PATIENT_BUNDLES);
        enrol(hospital, HospitalEhrInitializer.READ_WRITE_GROUP, sources);
        String tag = RegistryCodeSystems.SOURCE_SITE + "|" + HospitalEhrInitializer.READ_WRITE_SITE;

        JsonNode first = syncSite(HospitalEhrInitializer.READ_WRITE_SITE);

        assertThat(first.at("/counts/failed").asLong()).as(first.toString()).isZero();
        assertThat(first.at("/counts/pushed").asLong()).as(first.toString()).isEqualTo(sources.size());
        ResearchStudy trial = client.read()
                .resource(ResearchStudy.class)
                .withId("prp-knee-oa")
                .execute();
        String trialIdentifier = trial.getIdentifier().stream()
                .filter(identifier -> RegistryIdentifierSystems.TRIAL.equals(identifier.getSystem()))
                .map(identifier -> identifier.getSystem() + "|" + identifier.getValue())
                .findFirst()
                .orElseThrow();
        List<ResearchStudy> hospitalStudies =
                searchAt(hospital, ResearchStudy.class, "ResearchStudy?identifier=" + trialIdentifier);
        assertThat(hospitalStudies).hasSize(1);
        assertThat(hospitalStudies.get(0).getTitle()).isEqualTo(trial.getTitle());
        String hospitalStudy =
                "ResearchStudy/" + hospitalStudies.get(0).getIdElement().getIdPart();
        List<ResearchSubject> pushed =
                searchAt(hospital, ResearchSubject.class, "ResearchSubject?study=" + hospitalStudy);
        assertThat(pushed.stream().map(subject -> subject.getIndividual().getReference()))
                .containsExactlyInAnyOrderElementsOf(sources.stream()
                        .map(patient -> "Patient/" + mrn(patient))
                        .toList());
        assertThat(pushed).allSatisfy(subject -> {
            assertThat(subject.getStatus()).isEqualTo(ResearchSubject.ResearchSubjectStatus.ONSTUDY);
            assertThat(subject.getAssignedArm()).isEqualTo("LP-PRP");
            assertThat(subject.getPeriod().getStartElement().getValueAsString()).startsWith("2026-01-15");
            assertThat(enrolmentOf(subject)).startsWith("prp-knee-oa/RR-");
        });

        List<ResearchSubject> enrolled = search(ResearchSubject.class, "ResearchSubject?_security=" + tag);
        assertThat(enrolled).hasSize(sources.size());
        ResearchSubject withdrawn = enrolled.get(0);
        withdrawn.setStatus(ResearchSubject.ResearchSubjectStatus.WITHDRAWN);
        withdrawn.getPeriod().setEndElement(new DateTimeType("2026-06-30"));
        withdrawn.setId(withdrawn.getIdElement().toUnqualifiedVersionless());
        fhir.as(SecurityClientsInitializer.HOSPITAL_RW_STAFF)
                .client()
                .update()
                .resource(withdrawn)
                .execute();
        ResearchSubject atHospital = pushed.stream()
                .filter(subject -> enrolmentOf(subject).equals(enrolmentOf(withdrawn)))
                .findFirst()
                .orElseThrow();
        ResearchSubject untouched = pushed.stream()
                .filter(subject -> subject != atHospital)
                .findFirst()
                .orElseThrow();

        StubMapping ehrDown = HospitalEhrInitializer.proxy()
                .stubFor(put(urlPathMatching("/fhir/ResearchSubject/.+"))
                        .atPriority(1)
                        .willReturn(aResponse().withStatus(503)));
        JsonNode failed = syncSite(HospitalEhrInitializer.READ_WRITE_SITE);

        assertThat(failed.at("/state").asText()).as(failed.toString()).isEqualTo("FAILED");
        assertThat(failed.at("/error").asText()).as(failed.toString()).contains("503");
        assertThat(failed.at("/counts/read").asLong())
                .as("nothing is read while the registry's change cannot reach the EHR: %s", failed)
                .isZero();
        assertThat(hospital.read()
                        .resource(ResearchSubject.class)
                        .withId(atHospital.getIdElement().getIdPart())
                        .execute()
                        .getStatus())
                .isEqualTo(ResearchSubject.ResearchSubjectStatus.ONSTUDY);
        HospitalEhrInitializer.proxy().removeStub(ehrDown);

        JsonNode second = syncSite(HospitalEhrInitializer.READ_WRITE_SITE);

        assertThat(second.at("/counts/failed").asLong()).as(second.toString()).isZero();
        assertThat(second.at("/counts/pushed").asLong()).as(second.toString()).isEqualTo(1);
        ResearchSubject withdrawnAtHospital = hospital.read()
                .resource(ResearchSubject.class)
                .withId(atHospital.getIdElement().getIdPart())
                .execute();
        assertThat(withdrawnAtHospital.getStatus()).isEqualTo(ResearchSubject.ResearchSubjectStatus.WITHDRAWN);
        assertThat(withdrawnAtHospital.getPeriod().getEndElement().getValueAsString())
                .startsWith("2026-06-30");
        assertThat(withdrawnAtHospital.getMeta().getVersionId()).isEqualTo("2");
        assertThat(hospital.read()
                        .resource(ResearchSubject.class)
                        .withId(untouched.getIdElement().getIdPart())
                        .execute()
                        .getMeta()
                        .getVersionId())
                .as("a record that says what the registry says is not written again")
                .isEqualTo("1");
        assertThat(searchAt(hospital, ResearchSubject.class, "ResearchSubject?study=" + hospitalStudy))
                .hasSize(sources.size());
        assertThat(searchAt(hospital, ResearchStudy.class, "ResearchStudy?identifier=" + trialIdentifier))
                .hasSize(1);
        ResearchSubject inRegistry = client.read()
                .resource(ResearchSubject.class)
                .withId(withdrawn.getIdElement().getIdPart())
                .execute();
        assertThat(inRegistry.getStatus())
                .as("the hospital's older state did not overwrite the registry's withdrawal")
                .isEqualTo(ResearchSubject.ResearchSubjectStatus.WITHDRAWN);
        assertThat(count("ResearchSubject?_security=" + tag)).isEqualTo(sources.size());

        JsonNode third = syncSite(HospitalEhrInitializer.READ_WRITE_SITE);

        assertThat(third.at("/counts/pushed").asLong()).as(third.toString()).isZero();
        assertThat(third.at("/counts/created").asLong()).as(third.toString()).isZero();
        assertThat(third.at("/counts/updated").asLong()).as(third.toString()).isZero();
        assertThat(searchAt(hospital, ResearchSubject.class, "ResearchSubject?study=" + hospitalStudy))
                .hasSize(sources.size());
    }

    /**
     * Loads the hospital's organisations and practitioners, then the patient Bundles, each Patient under its Synthea
     * id, which is also its MRN (as some EHRs do): the registry must not carry the EHR Patient id either.
     */
    private static List<Patient> loadSyntheaPatients(IGenericClient hospital, List<String> files) {
        hospital.transaction()
                .withBundle(synthea("hospitalInformation1735689600000.json"))
                .execute();
        hospital.transaction()
                .withBundle(synthea("practitionerInformation1735689600000.json"))
                .execute();
        List<Patient> patients = new ArrayList<>();
        for (String file : files) {
            Bundle bundle = synthea(file);
            BundleEntryComponent entry = bundle.getEntry().stream()
                    .filter(candidate -> candidate.getResource() instanceof Patient)
                    .findFirst()
                    .orElseThrow();
            Patient patient = (Patient) entry.getResource();
            patient.setId(mrn(patient));
            entry.getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl("Patient/" + mrn(patient));
            hospital.transaction().withBundle(bundle).execute();
            patients.add(patient);
        }
        return patients;
    }

    /** A hospital trial Group, whose members the registry syncs. */
    private static void enrol(IGenericClient hospital, String groupId, List<Patient> patients) {
        Group group = new Group().setType(Group.GroupType.PERSON).setActual(true);
        group.setId(groupId);
        patients.forEach(patient -> group.addMember()
                .setEntity(new Reference("Patient/" + mrn(patient)))
                .setPeriod(new Period().setStartElement(new DateTimeType("2026-01-15"))));
        hospital.update().resource(group).execute();
    }

    /** How many resources the sync reads about the patients: the hospital's totals of the sync's searches. */
    private static long resourcesAbout(IGenericClient hospital, List<Patient> patients) {
        String ids = patients.stream().map(SyntheaHospitalSyncIT::mrn).collect(Collectors.joining(","));
        return Stream.of(
                        "Patient?_id=",
                        "ResearchSubject?patient=",
                        "Condition?patient=",
                        "Procedure?patient=",
                        "Observation?patient=",
                        "AdverseEvent?subject=")
                .mapToLong(search -> total(hospital, search + ids))
                .sum();
    }

    private static List<Observation> painScoresAt(IGenericClient hospital, List<Patient> patients) {
        String ids = patients.stream().map(SyntheaHospitalSyncIT::mrn).collect(Collectors.joining(","));
        Bundle bundle = hospital.search()
                .byUrl("Observation?code=" + PAIN + "&patient=" + ids + "&_count=100&_sort=_id")
                .returnBundle(Bundle.class)
                .execute();
        assertThat(bundle.getLink(Bundle.LINK_NEXT)).isNull();
        List<Observation> pain = bundle.getEntry().stream()
                .map(entry -> (Observation) entry.getResource())
                .toList();
        assertThat(pain).hasSizeGreaterThanOrEqualTo(patients.size());
        return pain;
    }

    /**
     * No registry Patient carries any of the Synthea patients' names, addresses, phone numbers, identifiers (MRN, SSN,
     * driver's licence, passport) or full birth dates; the birth date is a year.
     */
    private void assertNoPersonalData(List<Patient> synced, List<Patient> sources) {
        List<String> personal = new ArrayList<>();
        for (Patient source : sources) {
            for (HumanName name : source.getName()) {
                personal.add(name.getFamily());
                name.getGiven().forEach(given -> personal.add(given.getValue()));
            }
            for (Address address : source.getAddress()) {
                address.getLine().stream().map(StringType::getValue).forEach(personal::add);
                personal.add(address.getCity());
            }
            source.getTelecom().stream().map(ContactPoint::getValue).forEach(personal::add);
            source.getIdentifier().stream().map(Identifier::getValue).forEach(personal::add);
            personal.add(source.getBirthDateElement().getValueAsString());
        }
        assertThat(personal)
                .doesNotContainNull()
                .contains(sources.stream().map(SyntheaHospitalSyncIT::mrn).toArray(String[]::new));
        for (Patient patient : synced) {
            String json = FHIR.newJsonParser().encodeResourceToString(patient);
            assertThat(json).as(json).doesNotContain(personal);
            assertThat(patient.hasName() || patient.hasAddress() || patient.hasTelecom())
                    .as(json)
                    .isFalse();
            assertThat(patient.getBirthDateElement().getPrecision()).as(json).isEqualTo(TemporalPrecisionEnum.YEAR);
        }
        for (String type : List.of("ResearchSubject", "Condition", "Observation", "Provenance")) {
            for (Resource resource : search(Resource.class, type + "?_security=" + SITE_TAG)) {
                String json = FHIR.newJsonParser().encodeResourceToString(resource);
                assertThat(json).as(json).doesNotContain(personal);
            }
        }
    }

    private JsonNode sync() throws IOException {
        return syncSite(HospitalEhrInitializer.SITE);
    }

    private <T extends IBaseResource> List<T> search(Class<T> type, String search) {
        Bundle bundle = client.search()
                .byUrl(search + "&_count=500")
                .cacheControl(new CacheControlDirective().setNoCache(true))
                .returnBundle(Bundle.class)
                .execute();
        assertThat(bundle.getLink(Bundle.LINK_NEXT))
                .as("one page holds them all")
                .isNull();
        return bundle.getEntry().stream()
                .map(entry -> type.cast(entry.getResource()))
                .toList();
    }

    private long count(String search) {
        return client.search()
                .byUrl(search + "&_summary=count")
                .cacheControl(new CacheControlDirective().setNoCache(true))
                .returnBundle(Bundle.class)
                .execute()
                .getTotal();
    }

    private static <T extends IBaseResource> List<T> searchAt(IGenericClient hospital, Class<T> type, String search) {
        return hospital
                .search()
                .byUrl(search + "&_count=100")
                .cacheControl(new CacheControlDirective().setNoCache(true))
                .returnBundle(Bundle.class)
                .execute()
                .getEntry()
                .stream()
                .map(entry -> type.cast(entry.getResource()))
                .toList();
    }

    private static String enrolmentOf(ResearchSubject subject) {
        return subject.getIdentifier().stream()
                .filter(identifier -> RegistryIdentifierSystems.ENROLMENT.equals(identifier.getSystem()))
                .map(Identifier::getValue)
                .findFirst()
                .orElseThrow();
    }

    private static long total(IGenericClient hospital, String search) {
        return hospital.search()
                .byUrl(search + "&_summary=count")
                .returnBundle(Bundle.class)
                .execute()
                .getTotal();
    }

    /** The {@code meta.source} of the registry copy of a hospital resource: its versioned URL at the site. */
    private static String source(Resource hospitalResource) {
        return source(
                hospitalResource.fhirType(),
                hospitalResource.getIdElement().getIdPart(),
                hospitalResource.getMeta().getVersionId());
    }

    private static String source(String type, String id, String version) {
        return HospitalEhrInitializer.proxyFhirBase() + "/" + type + "/" + id + "/_history/" + version;
    }

    private static String genderAndBirthYear(Patient patient) {
        return patient.getGender().toCode() + " "
                + patient.getBirthDateElement().getYear();
    }

    /** The Synthea MRN, which is also the Patient id Synthea gave. */
    private static String mrn(Patient patient) {
        return patient.getIdentifier().stream()
                .filter(identifier ->
                        identifier.getType().getCoding().stream().anyMatch(coding -> MR.equals(coding.getCode())))
                .map(Identifier::getValue)
                .findFirst()
                .orElseThrow();
    }

    private static Bundle synthea(String file) {
        try (InputStream json = SyntheaHospitalSyncIT.class.getResourceAsStream("/synthea/" + file)) {
            return FHIR.newJsonParser().parseResource(Bundle.class, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
