package org.regenregistry.server.ehr;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.rest.api.CacheControlDirective;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.regenregistry.ehr.mapping.RegistryIdentifiers;
import org.regenregistry.server.support.ExampleTrials;
import org.regenregistry.server.support.FhirHttp;
import org.regenregistry.server.support.HospitalEhrInitializer;
import org.regenregistry.server.support.RegistryClientSupport;
import org.springframework.test.context.ContextConfiguration;

/**
 * The sync end to end against a real FHIR server playing a hospital EHR: a second HAPI JPA server (see {@link
 * HospitalEhrInitializer}) behind a SMART proxy, loaded with Synthea patients. What reaches the registry is exactly the
 * Group's patients, pseudonymised, with their pain scores; an edit in the EHR updates the registry copy in place, and
 * re-runs create nothing. Its own Spring context (the hospital must exist before the registry starts), so the shared
 * context of the other ITs starts no hospital.
 */
@ContextConfiguration(initializers = HospitalEhrInitializer.class)
class SyntheaHospitalSyncIT extends RegistryClientSupport {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE_TAG = RegistryIdentifiers.SOURCE_SITE_TAG + "|" + HospitalEhrInitializer.SITE;
    private static final String PAIN = "http://loinc.org|72514-3";
    private static final String MR = "MR";

    /** Four of the twelve Synthea patients: about 120 Observations, more than one page of the sync's searches. */
    private static final List<String> PATIENT_BUNDLES = List.of(
            "Alda400_Marquardt819_b300716e-ae67-8d6f-d694-51d801881ce0.json",
            "Damaris45_Marianna323_Bradtke547_36e02990-33ed-1d82-a00a-752d3319dc09.json",
            "Freeman822_Herzog843_76894769-ef33-aec1-e4ce-967c59467664.json",
            "Lecia978_Sanford861_347ceebf-0248-5a56-14f3-e1e8e8ffb73c.json");

    @Test
    void syntheaPatientsArrivePseudonymisedWithTheirPainScoresAndAnEhrEditUpdatesTheirCopyWithoutDuplicates()
            throws Exception {
        client.transaction().withBundle(ExampleTrials.bundle("prp-knee-oa")).execute();
        IGenericClient hospital = new FhirHttp(HospitalEhrInitializer.hospitalPort()).client();
        List<Patient> sources = loadSyntheaPatients(hospital);
        enrol(hospital, sources);
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
                        .withHeader("Authorization", matching("(?i)bearer hospital-token")));
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
     * Loads the hospital's organisations and practitioners, then the patient Bundles, each Patient under its Synthea
     * id, which is also its MRN (as some EHRs do): the registry must not carry the EHR Patient id either.
     */
    private static List<Patient> loadSyntheaPatients(IGenericClient hospital) {
        hospital.transaction()
                .withBundle(synthea("hospitalInformation1735689600000.json"))
                .execute();
        hospital.transaction()
                .withBundle(synthea("practitionerInformation1735689600000.json"))
                .execute();
        List<Patient> patients = new ArrayList<>();
        for (String file : PATIENT_BUNDLES) {
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

    /** The hospital's trial Group, whose members the registry syncs. */
    private static void enrol(IGenericClient hospital, List<Patient> patients) {
        Group group = new Group().setType(Group.GroupType.PERSON).setActual(true);
        group.setId(HospitalEhrInitializer.GROUP);
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
