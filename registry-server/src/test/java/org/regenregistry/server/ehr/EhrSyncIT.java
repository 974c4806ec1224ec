package org.regenregistry.server.ehr;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.CacheControlDirective;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.nimbusds.jose.jwk.JWKSet;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.regenregistry.profiles.RegistryCodeSystems;
import org.regenregistry.server.support.EhrStubInitializer;
import org.regenregistry.server.support.ExampleTrials;
import org.regenregistry.server.support.RegistryClientSupport;

/**
 * A sync against a stubbed hospital EHR (WireMock, real HTTP, real SMART token flow) into the real registry: the
 * trial's patients arrive pseudonymised, a re-run creates nothing, an edit in the EHR updates the registry copy, and
 * every run is visible through the admin API.
 */
class EhrSyncIT extends RegistryClientSupport {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SITE_TAG = RegistryCodeSystems.SOURCE_SITE + "|" + EhrStubInitializer.SITE;

    private final WireMockServer ehr = EhrStubInitializer.ehr();
    private String tag;
    private Patient enrolled;
    private Patient alsoEnrolled;
    private Observation pain;

    @BeforeEach
    void hospital() {
        client.transaction().withBundle(ExampleTrials.bundle("prp-knee-oa")).execute();
        ehr.resetToDefaultMappings();
        ehr.resetRequests();
        tag = UUID.randomUUID().toString().substring(0, 8);
        enrolled = patient("a-" + tag, "Kari", "Nordmann", "MRN-A-" + tag);
        alsoEnrolled = patient("b-" + tag, "Ola", "Hansen", "MRN-B-" + tag);
        Patient outsider = patient("x-" + tag, "Per", "Utenfor", "MRN-X-" + tag);
        pain = painScore(enrolled, 6, 1);
        stubGroup(enrolled, alsoEnrolled);
        stubSearch("Patient", enrolled, alsoEnrolled);
        stubSearch("ResearchSubject");
        stubSearch("Condition", kneeOsteoarthritis(enrolled), kneeOsteoarthritis(outsider));
        stubSearch("Procedure", prpInjection(enrolled));
        stubSearch("Observation", pain, bodyWeight(enrolled));
        stubSearch("AdverseEvent");
    }

    @Test
    void aSyncBringsTheTrialsPatientsInPseudonymisedAndARerunCreatesNothing() throws Exception {
        long sitePatientsBefore = count("Patient?_security=" + SITE_TAG);

        JsonNode first = sync();

        assertThat(first.at("/state").asText()).as(first.toString()).isEqualTo("PARTIAL");
        assertThat(first.at("/counts/created").asLong()).as(first.toString()).isGreaterThanOrEqualTo(5);
        assertThat(first.at("/counts/failed").asLong()).as(first.toString()).isZero();
        assertThat(first.at("/issues").toString())
                .contains("not a member of the trial's Group")
                .contains("Observation/weight-" + tag);
        assertThat(count("Patient?_security=" + SITE_TAG)).isEqualTo(sitePatientsBefore + 2);
        String stored = fhir.get(
                        "Patient?_security=" + SITE_TAG.replace("|", "%7C") + "&_count=500",
                        "Cache-Control",
                        "no-cache")
                .body();
        assertThat(stored)
                .doesNotContain("Nordmann", "Kari", "Hansen", "MRN-A-" + tag, "MRN-B-" + tag, "Storgata", "+47")
                .doesNotContain("1961-04-17");

        JsonNode second = sync();

        assertThat(second.at("/counts/created").asLong()).as(second.toString()).isZero();
        assertThat(second.at("/counts/updated").asLong()).as(second.toString()).isZero();
        assertThat(second.at("/counts/unchanged").asLong())
                .isEqualTo(first.at("/counts/created").asLong()
                        + first.at("/counts/updated").asLong());
        assertThat(count("Patient?_security=" + SITE_TAG)).isEqualTo(sitePatientsBefore + 2);
        ehr.verify(
                getRequestedFor(urlPathEqualTo("/fhir/Observation")).withQueryParam("_lastUpdated", matching("gt.*")));
    }

    @Test
    void anEditInTheEhrUpdatesTheRegistryCopyAndTheHistoryShowsEveryRun() throws Exception {
        JsonNode first = sync();
        String painSource = "Observation?_security=" + SITE_TAG + "&code=http://loinc.org|72514-3&_source="
                + ehr.baseUrl() + "/fhir/Observation/pain-" + tag + "/_history/1";
        assertThat(count(painSource)).as(first.toString()).isEqualTo(1);

        pain = painScore(enrolled, 3, 2);
        stubSearch("Observation", pain);
        JsonNode edited = sync();

        assertThat(edited.at("/counts/updated").asLong()).as(edited.toString()).isEqualTo(1);
        assertThat(edited.at("/counts/created").asLong()).as(edited.toString()).isZero();
        Bundle copies = client.search()
                .byUrl("Observation?_security=" + SITE_TAG + "&code=http://loinc.org|72514-3&_source=" + ehr.baseUrl()
                        + "/fhir/Observation/pain-" + tag + "/_history/2")
                .cacheControl(new CacheControlDirective().setNoCache(true))
                .returnBundle(Bundle.class)
                .execute();
        assertThat(copies.getEntry()).hasSize(1);
        assertThat(((Observation) copies.getEntry().get(0).getResource())
                        .getValueQuantity()
                        .getValue())
                .isEqualByComparingTo("3");

        JsonNode history = JSON.readTree(fhirRoot("api/ehr/sites/" + EhrStubInitializer.SITE + "/runs?limit=2")
                .body());
        assertThat(history).hasSize(2);
        assertThat(history.get(0).at("/runId").asText())
                .isEqualTo(edited.at("/runId").asText());
        assertThat(history.get(0).at("/triggeredBy").asText()).isEqualTo("api");
    }

    @Test
    void aBulkSiteExportsTheGroupAndTheNextExportAsksOnlyForWhatChangedSince() throws Exception {
        stubExport(
                "2026-11-24T09:58:00Z",
                enrolled,
                alsoEnrolled,
                kneeOsteoarthritis(enrolled),
                pain,
                bodyWeight(enrolled));

        JsonNode first = syncSite(EhrStubInitializer.BULK_SITE);

        assertThat(first.at("/method").asText()).isEqualTo("bulk");
        assertThat(first.at("/counts/read").asLong()).as(first.toString()).isEqualTo(5);
        assertThat(first.at("/counts/created").asLong()).as(first.toString()).isEqualTo(4);
        assertThat(first.at("/counts/failed").asLong()).isZero();
        assertThat(first.at("/issues").toString()).contains("Observation/weight-" + tag);
        ehr.verify(deleteRequestedFor(urlPathEqualTo("/fhir/bulk-status/" + tag)));

        stubExport("2026-11-24T10:30:00Z");
        JsonNode second = syncSite(EhrStubInitializer.BULK_SITE);

        assertThat(second.at("/state").asText()).as(second.toString()).isEqualTo("SUCCEEDED");
        assertThat(second.at("/counts/read").asLong()).isZero();
        ehr.verify(getRequestedFor(urlPathEqualTo("/fhir/Group/" + EhrStubInitializer.GROUP + "/$export"))
                .withQueryParam("_since", equalTo("2026-11-24T09:58:00Z")));
    }

    @Test
    void anUnknownSiteIsNotFound() {
        HttpResponse<String> response =
                fhir.post(root("api/ehr/sites/nowhere/runs"), "application/json", "", "Accept", "application/json");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("No EHR site nowhere");
    }

    @Test
    void theRegistryPublishesThePublicKeyItSignsClientAssertionsWith() throws Exception {
        HttpResponse<String> response = fhirRoot("api/ehr/jwks");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JWKSet keys = JWKSet.parse(response.body());
        assertThat(keys.getKeys())
                .as("the two test sites share one key, published once")
                .singleElement()
                .satisfies(key -> {
                    assertThat(key.isPrivate()).isFalse();
                    assertThat(key.getKeyID()).isEqualTo("registry-test");
                    assertThat(key.getAlgorithm().getName()).isEqualTo("RS384");
                    assertThat(key.toRSAKey().toPublicKey().getEncoded())
                            .isEqualTo(
                                    EhrStubInitializer.REGISTRY_KEY.getPublic().getEncoded());
                });
        assertThat(response.body()).doesNotContain("\"d\"", "\"p\"", "\"q\"");
    }

    private JsonNode sync() throws Exception {
        return syncSite(EhrStubInitializer.SITE);
    }

    private HttpResponse<String> fhirRoot(String path) {
        return fhir.get(root(path), "Accept", "application/json");
    }

    private long count(String search) {
        return client.search()
                .byUrl(search + "&_summary=count")
                .cacheControl(new CacheControlDirective().setNoCache(true))
                .returnBundle(Bundle.class)
                .execute()
                .getTotal();
    }

    private void stubGroup(Patient... members) {
        Group group = new Group().setType(Group.GroupType.PERSON).setActual(true);
        group.setId(EhrStubInitializer.GROUP);
        for (Patient member : members) {
            group.addMember()
                    .setEntity(new Reference("Patient/" + member.getIdPart()))
                    .setPeriod(new Period().setStartElement(new DateTimeType("2026-03-01")));
        }
        ehr.stubFor(
                get(urlPathEqualTo("/fhir/Group/" + EhrStubInitializer.GROUP)).willReturn(fhirJson(group)));
    }

    private void stubSearch(String type, Resource... resources) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET).setTotal(resources.length);
        bundle.getMeta().setLastUpdated(new Date());
        for (Resource resource : resources) {
            bundle.addEntry()
                    .setFullUrl(ehr.baseUrl() + "/fhir/" + type + "/"
                            + resource.getIdElement().getIdPart())
                    .setResource(resource)
                    .getSearch()
                    .setMode(Bundle.SearchEntryMode.MATCH);
        }
        ehr.stubFor(get(urlPathEqualTo("/fhir/" + type)).willReturn(fhirJson(bundle)));
    }

    /** A Group export whose manifest has this transaction time and one NDJSON file per resource type. */
    private void stubExport(String transactionTime, Resource... resources) {
        String status = "/fhir/bulk-status/" + tag;
        ehr.stubFor(get(urlPathEqualTo("/fhir/Group/" + EhrStubInitializer.GROUP + "/$export"))
                .willReturn(aResponse().withStatus(202).withHeader("Content-Location", ehr.baseUrl() + status)));
        Map<String, StringBuilder> files = new LinkedHashMap<>();
        for (Resource resource : resources) {
            files.computeIfAbsent(resource.fhirType(), type -> new StringBuilder())
                    .append(FHIR.newJsonParser().setPrettyPrint(false).encodeResourceToString(resource))
                    .append('\n');
        }
        StringBuilder output = new StringBuilder();
        files.forEach((type, lines) -> {
            String file = status + "/" + type + ".ndjson";
            ehr.stubFor(get(urlPathEqualTo(file))
                    .willReturn(aResponse()
                            .withHeader("Content-Type", "application/fhir+ndjson")
                            .withBody(lines.toString())));
            output.append(output.length() == 0 ? "" : ",")
                    .append("{\"type\":\"")
                    .append(type)
                    .append("\",\"url\":\"")
                    .append(ehr.baseUrl())
                    .append(file)
                    .append("\"}");
        });
        ehr.stubFor(get(urlPathEqualTo(status))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"transactionTime\":\"" + transactionTime + "\",\"request\":\"" + ehr.baseUrl()
                                + "/fhir/Group/" + EhrStubInitializer.GROUP + "/$export\",\"requiresAccessToken\":true,"
                                + "\"output\":[" + output + "],\"error\":[]}")));
        ehr.stubFor(delete(urlPathEqualTo(status)).willReturn(aResponse().withStatus(202)));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder fhirJson(Resource resource) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/fhir+json")
                .withHeader(
                        "Date",
                        DateTimeFormatter.RFC_1123_DATE_TIME.format(
                                Instant.now().atZone(ZoneOffset.UTC)))
                .withBody(FHIR.newJsonParser().encodeResourceToString(resource));
    }

    private static Patient patient(String id, String given, String family, String mrn) {
        Patient patient = new Patient();
        patient.setId(id);
        patient.getMeta().setVersionId("1").setLastUpdated(new Date());
        patient.addIdentifier()
                .setType(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/v2-0203", "MR", null)))
                .setSystem("urn:oid:2.16.578.1.12.4.1.4.1")
                .setValue(mrn);
        patient.addName().setFamily(family).addGiven(given);
        patient.addAddress().addLine("Storgata 1").setCity("Oslo");
        patient.addTelecom().setValue("+47 22 00 00 00");
        patient.setGender(AdministrativeGender.FEMALE);
        patient.setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1961-04-17"));
        patient.addExtension(
                "http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName", new StringType("Berg"));
        return patient;
    }

    private Condition kneeOsteoarthritis(Patient patient) {
        Condition condition = new Condition();
        condition.setId("oa-" + patient.getIdPart());
        condition.getMeta().setVersionId("1").setLastUpdated(new Date());
        condition
                .getClinicalStatus()
                .addCoding(new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", null));
        condition.getCode().addCoding(new Coding("http://snomed.info/sct", "239873007", "Osteoarthritis of knee"));
        condition.setSubject(new Reference("Patient/" + patient.getIdPart()));
        return condition;
    }

    private Procedure prpInjection(Patient patient) {
        Procedure procedure = new Procedure().setStatus(Procedure.ProcedureStatus.COMPLETED);
        procedure.setId("prp-" + patient.getIdPart());
        procedure.getMeta().setVersionId("1").setLastUpdated(new Date());
        procedure
                .getCode()
                .addCoding(new Coding(
                        "http://snomed.info/sct",
                        EhrStubInitializer.PRP_INJECTION,
                        "Injection of platelet rich plasma"));
        procedure.setSubject(new Reference("Patient/" + patient.getIdPart()));
        procedure.setPerformed(new DateTimeType("2026-03-02T10:00:00Z"));
        procedure.addBodySite().addCoding(new Coding("http://snomed.info/sct", "72696002", "Knee region structure"));
        return procedure;
    }

    private Observation painScore(Patient patient, int score, int version) {
        Observation observation = new Observation().setStatus(Observation.ObservationStatus.FINAL);
        observation.setId("pain-" + tag);
        observation.getMeta().setVersionId(String.valueOf(version)).setLastUpdated(new Date());
        observation
                .getCode()
                .addCoding(new Coding(
                        "http://loinc.org",
                        "72514-3",
                        "Pain severity - 0-10 verbal numeric rating [Score] - Reported"));
        observation.setSubject(new Reference("Patient/" + patient.getIdPart()));
        observation.setEffective(new DateTimeType("2026-03-30T09:00:00Z"));
        observation.setValue(new Quantity()
                .setValue(new BigDecimal(score))
                .setSystem("http://unitsofmeasure.org")
                .setCode("{score}"));
        return observation;
    }

    private Observation bodyWeight(Patient patient) {
        Observation observation = new Observation().setStatus(Observation.ObservationStatus.FINAL);
        observation.setId("weight-" + tag);
        observation.getMeta().setVersionId("1").setLastUpdated(new Date());
        observation.getCode().addCoding(new Coding("http://loinc.org", "29463-7", "Body weight"));
        observation.setSubject(new Reference("Patient/" + patient.getIdPart()));
        observation.setValue(new Quantity()
                .setValue(new BigDecimal(71))
                .setSystem("http://unitsofmeasure.org")
                .setCode("kg"));
        return observation;
    }
}
