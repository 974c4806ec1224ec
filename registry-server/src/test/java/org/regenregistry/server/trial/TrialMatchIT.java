package org.regenregistry.server.trial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.ResearchStudy;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.regenregistry.profiles.RegistryCodeSystems;
import org.regenregistry.profiles.RegistryExtensions;
import org.regenregistry.server.support.SearchIndexSupport;
import org.regenregistry.server.support.TrialTransactions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code POST /api/trials/match} over real HTTP against the trial index: a recruiting copy of the PRP trial in knee
 * osteoarthritis (ages 40 to 75; female and male) with its site in Dunedin is matched with its reasons, and the
 * patient's data leaves nothing behind.
 */
class TrialMatchIT extends SearchIndexSupport {

    private static final String KNEE_OA = "239873007";

    private static final Coding ACHILLES = new Coding("http://snomed.info/sct", "11654001", "Achilles tendinitis");

    /** Dunedin, New Zealand: no other test's trial has a site near it. */
    private static final double LAT = -45.8788;

    private static final double LON = 170.5028;

    @Autowired
    private DataSource dataSource;

    /**
     * A recruiting copy of the PRP example trial of this test's own, its site moved to Dunedin, so that it is the
     * nearest trial to the patients here whatever other tests have written.
     */
    private String trialNearDunedin() {
        return trialNearDunedin(null);
    }

    /**
     * The same for Achilles tendinitis, a condition few other trials have (so that this test's trials are among the
     * few candidates whatever other tests write), with the Dunedin site's recruitment status on the trial's reference
     * to it.
     */
    private String trialNearDunedin(String siteRecruitment) {
        Bundle transaction = TrialTransactions.newTrial("MATCH-" + UUID.randomUUID());
        if (siteRecruitment != null) {
            transaction.getEntry().stream()
                    .map(Bundle.BundleEntryComponent::getResource)
                    .filter(ResearchStudy.class::isInstance)
                    .map(ResearchStudy.class::cast)
                    .forEach(study -> {
                        study.setCondition(List.of(new CodeableConcept(ACHILLES)));
                        study.getSite()
                                .forEach(site -> site.addExtension(
                                        RegistryExtensions.SITE_RECRUITMENT,
                                        new CodeableConcept(new Coding(
                                                RegistryCodeSystems.RECRUITMENT_STATUS, siteRecruitment, null))));
                    });
        }
        transaction.getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .filter(Location.class::isInstance)
                .map(Location.class::cast)
                .forEach(site -> {
                    site.setName("Dunedin Hospital");
                    site.getAddress().setCity("Dunedin").setCountry("NZ");
                    site.getPosition().setLatitude(BigDecimal.valueOf(LAT)).setLongitude(BigDecimal.valueOf(LON));
                });
        String trialId = client.transaction().withBundle(transaction).execute().getEntry().stream()
                .map(entry -> entry.getResponse().getLocation())
                .filter(location -> location.startsWith("ResearchStudy/"))
                .map(location -> location.split("/")[1])
                .findFirst()
                .orElseThrow();
        await().atMost(INDEXED_WITHIN).until(() -> searchableNearDunedin().contains(trialId));
        return trialId;
    }

    private List<String> searchableNearDunedin() throws IOException {
        HttpResponse<String> answer =
                fhir.get(root("api/trials?size=100&near=" + LAT + "," + LON + ",10"), "Accept", "application/json");
        return StreamSupport.stream(JSON.readTree(answer.body()).at("/hits").spliterator(), false)
                .map(hit -> hit.at("/trial/id").asText())
                .toList();
    }

    @Test
    void aPatientNearTheSiteWhoMeetsTheCriteriaMatchesWithEveryReason() throws Exception {
        Parameters patient = new Parameters();
        patient.addParameter().setName("birthDate").setValue(new DateType(years(56)));
        patient.addParameter().setName("sex").setValue(new org.hl7.fhir.r4.model.CodeType("female"));
        patient.addParameter()
                .setName("condition")
                .setValue(new Coding("http://snomed.info/sct", KNEE_OA, "Osteoarthritis of knee"));
        patient.addParameter().setName("location").setValue(new StringType((LAT + 0.02) + "," + LON));
        patient.addParameter()
                .setName("radius")
                .setValue(new Quantity()
                        .setValue(25)
                        .setSystem("http://unitsofmeasure.org")
                        .setCode("km"));

        String trialId = trialNearDunedin();

        JsonNode match = trial(match(fhir.json(patient)), trialId);

        assertThat(texts(match, "/trial/met"))
                .contains(
                        "recruitment: recruiting",
                        "condition: Osteoarthritis of knee is a condition of the trial",
                        "age: 40 to 75 years",
                        "sex: female")
                .anySatisfy(
                        reason -> assertThat(reason).startsWith("distance: nearest site Dunedin Hospital, Dunedin, "));
        assertThat(texts(match, "/trial/failed")).isEmpty();
        assertThat(texts(match, "/trial/notChecked"))
                .containsExactly("the free-text inclusion and exclusion criteria (the trial's eligibility Group)");
        assertThat(match.at("/trial/nearestSiteKm").asDouble()).isLessThan(25);
        assertThat(match.at("/fhir").asText()).endsWith("/fhir/ResearchStudy/" + trialId);
    }

    @Test
    void aSiteThatNoLongerRecruitsIsNoSiteToTravelTo() throws Exception {
        String closed = trialNearDunedin("completed");
        String open = trialNearDunedin("recruiting");

        Parameters patient = new Parameters();
        patient.addParameter().setName("age").setValue(new DecimalType(50));
        patient.addParameter().setName("condition").setValue(ACHILLES);
        patient.addParameter().setName("location").setValue(new StringType(LAT + "," + LON));
        JsonNode answer = match(fhir.json(patient));

        assertThat(texts(trial(answer, closed), "/trial/failed"))
                .contains("distance: no site of the trial recruits any more");
        assertThat(trial(answer, closed).at("/trial/nearestSiteKm").isNull()).isTrue();
        assertThat(texts(trial(answer, open), "/trial/met")).anySatisfy(reason -> assertThat(reason)
                .startsWith("distance: nearest site Dunedin Hospital, Dunedin, "));
    }

    @Test
    void aBundleIsReadLikeAnEhrGivesItAndFailedCriteriaAreNamed() throws Exception {
        String trialId = trialNearDunedin();
        Bundle bundle = patientBundle("Matchtest-" + UUID.randomUUID(), 86, LAT, LON);

        JsonNode answer = match(fhir.json(bundle));
        JsonNode match = trial(answer, trialId);
        JsonNode farAway = StreamSupport.stream(answer.at("/matches").spliterator(), false)
                .filter(other -> other.at("/trial/nearestSiteKm").asDouble() > 100)
                .findFirst()
                .orElseThrow();

        List<String> ranked = StreamSupport.stream(answer.at("/matches").spliterator(), false)
                .map(other -> other.at("/trial/trialId").asText())
                .toList();
        assertThat(ranked.indexOf(trialId))
                .as("ranked before every trial farther away (other tests' trials near Dunedin tie with it)")
                .isLessThan(ranked.indexOf(farAway.at("/trial/trialId").asText()));
        assertThat(texts(match, "/trial/met")).contains("condition: in the trial's condition group osteoarthritis");
        assertThat(texts(match, "/trial/failed")).containsExactly("age: 40 to 75 years, the patient is 86");
        assertThat(texts(farAway, "/trial/failed"))
                .anySatisfy(reason -> assertThat(reason).endsWith("beyond 100.0 km"));
    }

    @Test
    void thePatientsDataIsNotStoredLoggedOrAudited() throws Exception {
        String family = "Matchtest-" + UUID.randomUUID();
        long patients = count("Patient");
        long conditions = count("Condition");

        HttpResponse<String> answer = fhir.anonymous()
                .post(
                        root("api/trials/match"),
                        "application/fhir+json",
                        fhir.json(patientBundle(family, 50, 59.9, 10.7)),
                        "Accept",
                        "application/json");

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(count("Patient")).isEqualTo(patients);
        assertThat(count("Condition")).isEqualTo(conditions);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> jdbc.queryForObject(
                                "SELECT COUNT(*) FROM RR_AUDIT_EVENT WHERE PATH = '/api/trials/match'", Long.class),
                        audited -> audited > 0);
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM RR_AUDIT_EVENT WHERE QUERY LIKE ? OR ENTITIES LIKE ? OR OUTCOME_TEXT LIKE ?",
                        Long.class,
                        "%" + family + "%",
                        "%" + family + "%",
                        "%" + family + "%"))
                .isZero();
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM HFJ_RES_VER WHERE RES_TEXT_VC LIKE ?", Long.class, "%" + family + "%"))
                .isZero();
        try (var lines = Files.lines(Path.of("target/it-logs/registry.json"))) {
            assertThat(lines.filter(line -> line.contains(family)).count()).isZero();
        }
    }

    @Test
    void dataThatNamesNoConditionOrIsNoBundleIsRefused() throws Exception {
        Parameters nothing = new Parameters();
        nothing.addParameter().setName("age").setValue(new DecimalType(50));

        HttpResponse<String> noCondition = fhir.post(
                root("api/trials/match"), "application/fhir+json", fhir.json(nothing), "Accept", "application/json");
        HttpResponse<String> notFhir =
                fhir.post(root("api/trials/match"), "application/json", "{\"age\": 50}", "Accept", "application/json");

        assertThat(noCondition.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noCondition.body()).at("/detail").asText())
                .isEqualTo("A match needs at least a condition or a therapy family of interest");
        assertThat(notFhir.statusCode()).isEqualTo(400);
        assertThat(notFhir.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    }

    private JsonNode match(String body) throws IOException {
        HttpResponse<String> answer =
                fhir.post(root("api/trials/match"), "application/fhir+json", body, "Accept", "application/json");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    private static JsonNode trial(JsonNode answer, String trialId) {
        return StreamSupport.stream(answer.at("/matches").spliterator(), false)
                .filter(match -> trialId.equals(match.at("/trial/trialId").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError(trialId + " not among " + answer));
    }

    private static List<String> texts(JsonNode node, String path) {
        return StreamSupport.stream(node.at(path).spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }

    private long count(String type) throws IOException {
        HttpResponse<String> answer = fhir.get(type + "?_summary=count", "Accept", "application/fhir+json");
        return JSON.readTree(answer.body()).at("/total").asLong();
    }

    /** A male patient of {@code age} with knee osteoarthritis coded in ICD-10-CM, living at the point given. */
    private static Bundle patientBundle(String family, int age, double lat, double lon) {
        Patient patient = new Patient();
        patient.addName().setFamily(family);
        patient.setGender(AdministrativeGender.MALE);
        patient.setBirthDateElement(new DateType(years(age)));
        Address address = patient.addAddress().setCity("Somewhere");
        Extension geolocation = address.addExtension().setUrl("http://hl7.org/fhir/StructureDefinition/geolocation");
        geolocation.addExtension("latitude", new DecimalType(lat));
        geolocation.addExtension("longitude", new DecimalType(lon));
        Condition knee = new Condition();
        knee.setCode(new CodeableConcept(
                new Coding("http://hl7.org/fhir/sid/icd-10-cm", "M17.9", "Osteoarthritis of knee, unspecified")));
        knee.getClinicalStatus()
                .addCoding()
                .setSystem("http://terminology.hl7.org/CodeSystem/condition-clinical")
                .setCode("active");
        Bundle bundle = new Bundle().setType(Bundle.BundleType.COLLECTION);
        bundle.addEntry().setResource(patient);
        bundle.addEntry().setResource(knee);
        return bundle;
    }

    private static String years(int age) {
        return LocalDate.now(ZoneOffset.UTC).minusYears(age).minusDays(30).toString();
    }
}
