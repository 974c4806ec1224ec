package org.regenregistry.server.ctgov;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.ResearchStudy;
import org.junit.jupiter.api.Test;
import org.regenregistry.profiles.RegistryProfiles;
import org.regenregistry.server.support.CtgovStubInitializer;
import org.regenregistry.server.support.SearchIndexSupport;
import org.regenregistry.server.support.SecurityClientsInitializer;
import org.regenregistry.server.support.TestTokens;

/**
 * ClinicalTrials.gov imports through the admin API, of real records (and four built by the schema, for the families no
 * public record covers), into the registry on PostgreSQL, and on to the trial index. Each test imports records of its
 * own, since the database is shared.
 */
class CtgovImportIT extends SearchIndexSupport {

    private static final Path IMPORT_DIRECTORY = Path.of("target/ctgov-imports");

    @Test
    void realRecordsBecomeValidTrialsSearchableByConditionFamilyAndPlace() throws Exception {
        List<String> records = new ArrayList<>();
        for (String nctId : List.of(
                "NCT00465816",
                "NCT00763412",
                "NCT00973089",
                "NCT02210780",
                "NCT02552212",
                "NCT03418623",
                "NCT03453554",
                "NCT03475563",
                "NCT03630471",
                "NCT04207047",
                "NCT05594173",
                "NCT06171568")) {
            records.add(resource("aact/" + nctId + ".json"));
        }
        records.add(resource("built/NCT09100001.json"));
        records.add(resource("built/NCT09100002.json"));
        records.add(resource("built/NCT09100003.json"));
        records.add(resource("built/NCT09100004.json"));

        JsonNode run = importUpload(ndjson(records), "application/x-ndjson");

        assertThat(run.at("/state").asText()).isEqualTo("PARTIAL");
        assertThat(run.at("/counts/read").asLong()).isEqualTo(16);
        assertThat(run.at("/counts/created").asLong()).isEqualTo(14);
        assertThat(run.at("/counts/refused").asLong()).isEqualTo(2);
        assertThat(issues(run, "REFUSED"))
                .containsExactly(
                        "upload.ndjson:1 no condition (conditionsModule.conditions)",
                        "upload.ndjson:7 no condition (conditionsModule.conditions)");

        ResearchStudy trial = client.read()
                .resource(ResearchStudy.class)
                .withId("ctgov-nct02552212")
                .execute();
        assertThat(trial.getMeta().hasProfile(RegistryProfiles.TRIAL)).isTrue();
        assertThat(trial.getSite()).hasSize(105);
        Group eligibility = client.read()
                .resource(Group.class)
                .withId("ctgov-nct02552212-eligibility")
                .execute();
        assertThat(eligibility.getMeta().hasProfile(RegistryProfiles.ELIGIBILITY))
                .isTrue();
        Location site = client.read()
                .resource(Location.class)
                .withId(trial.getSite().get(0).getReferenceElement().getIdPart())
                .execute();
        assertThat(site.getAddress().getCountry()).isEqualTo("US");

        awaitOutboxDrained();
        assertThat(hitIds("therapyFamily=exosome&conditionGroup=osteoarthritis"))
                .contains("ctgov-nct09100001");
        assertThat(hitIds("therapyFamily=gene-therapy&conditionGroup=neuropathic-pain"))
                .contains("ctgov-nct09100002");
        assertThat(hitIds("therapySubtype=viral-vector"))
                .contains("ctgov-nct09100002")
                .doesNotContain("ctgov-nct09100001");
        assertThat(hitIds("near=59.9,10.75,25")).contains("ctgov-nct09100001").doesNotContain("ctgov-nct09100002");
        assertThat(hitIds("country=US&therapyFamily=other")).contains("ctgov-nct02552212");
        assertThat(hitIds("q=spondyloarthritis")).contains("ctgov-nct02552212");
        assertThat(hitIds("modality=scs&implanted=true&paradigm=high-frequency-10khz&conditionGroup=neuropathic-pain"))
                .contains("ctgov-nct09100003")
                .doesNotContain("ctgov-nct09100002", "ctgov-nct09100004");
        assertThat(hitIds("modality=rtms&implanted=false&near=45.75,4.85,20")).contains("ctgov-nct09100004");
        assertThat(client.search()
                        .byUrl("DeviceDefinition?modality=rtms&paradigm=high-frequency-rtms")
                        .returnBundle(Bundle.class)
                        .execute()
                        .getEntry())
                .extracting(entry -> entry.getResource().getIdElement().getIdPart())
                .anySatisfy(id -> assertThat(id).startsWith("ctgov-nct09100004-device-"));
    }

    @Test
    void importingAgainChangesNothingAndANewerRecordUpdatesWithoutDeleting() throws Exception {
        ObjectNode first = study("NCT05326594");
        ObjectNode second = study("NCT03784144");
        importUpload(ndjson(List.of(first.toString(), second.toString())), "application/x-ndjson");
        String firstVersion = version("ctgov-nct05326594");
        String secondVersion = version("ctgov-nct03784144");

        JsonNode again = importUpload(ndjson(List.of(first.toString(), second.toString())), "application/x-ndjson");

        assertThat(again.at("/state").asText()).isEqualTo("SUCCEEDED");
        assertThat(again.at("/counts/unchanged").asLong()).isEqualTo(2);
        assertThat(again.at("/counts/created").asLong()
                        + again.at("/counts/updated").asLong())
                .isZero();
        assertThat(version("ctgov-nct05326594")).isEqualTo(firstVersion);

        ObjectNode status = (ObjectNode) first.path("protocolSection").path("statusModule");
        status.put("overallStatus", "WITHDRAWN").put("whyStopped", "Sponsor decision");
        ((ObjectNode) status.path("lastUpdatePostDateStruct")).put("date", "2099-01-15");
        ObjectNode older = (ObjectNode) second.path("protocolSection").path("identificationModule");
        older.put("briefTitle", "An older title");
        ((ObjectNode) second.path("protocolSection").path("statusModule").path("lastUpdatePostDateStruct"))
                .put("date", "2001-01-01");

        JsonNode newer = importUpload(ndjson(List.of(first.toString(), second.toString())), "application/x-ndjson");

        assertThat(newer.at("/counts/updated").asLong()).isEqualTo(1);
        assertThat(newer.at("/counts/unchanged").asLong()).isEqualTo(1);
        ResearchStudy withdrawn = client.read()
                .resource(ResearchStudy.class)
                .withId("ctgov-nct05326594")
                .execute();
        assertThat(withdrawn.getStatus()).isEqualTo(ResearchStudy.ResearchStudyStatus.WITHDRAWN);
        assertThat(withdrawn.getReasonStopped().getText()).isEqualTo("Sponsor decision");
        assertThat(withdrawn.getMeta().getVersionId()).isNotEqualTo(firstVersion);
        assertThat(version("ctgov-nct03784144")).isEqualTo(secondVersion);
        assertThat(client.read()
                        .resource(ResearchStudy.class)
                        .withId("ctgov-nct03784144")
                        .execute()
                        .getTitle())
                .isNotEqualTo("An older title");
    }

    /** NCT01367860 posted results: VAS and ODI per group at five time points, t-tests, adverse events. */
    @Test
    void postedResultsBecomeResultRecordsThatANewerVersionReplaces() throws Exception {
        ObjectNode study = study("NCT01367860");
        importUpload(ndjson(List.of(study.toString())), "application/x-ndjson");

        JsonNode results = publicResults("ctgov-nct01367860");
        JsonNode vas = measure(results, "VAS for Lumbar Pain in 3 Months");
        assertThat(vas.at("/domain").asText()).isEqualTo("pain");
        assertThat(vas.at("/groups"))
                .extracting(group -> group.at("/group").asText() + " "
                        + group.at("/statistic").asText() + " "
                        + group.at("/value").decimalValue().toPlainString() + " sd "
                        + group.at("/dispersion/standard-deviation")
                                .decimalValue()
                                .toPlainString() + " n "
                        + group.at("/analysed").asInt())
                .containsExactlyInAnyOrder("OMicro mean 2.63 sd 2.9 n 20", "SJet mean 4.53 sd 3.47 n 20");
        assertThat(vas.at("/comparisons/0/value").decimalValue()).isEqualByComparingTo("-1.89");
        assertThat(vas.at("/comparisons/0/pValue").asText()).isEqualTo("0.05");
        assertThat(measure(results, "Oswestry Disability Index (ODI) - 1st Week")
                        .at("/domain")
                        .asText())
                .isEqualTo("function");
        assertThat(results.at("/adverseEvents"))
                .extracting(events ->
                        events.at("/group").asText() + " " + events.at("/kind").asText() + " "
                                + events.at("/affected").asInt() + "/"
                                + events.at("/atRisk").asInt())
                .containsExactlyInAnyOrder(
                        "OMicro other 0/20", "OMicro serious 0/20", "SJet other 0/20", "SJet serious 0/20");
        awaitOutboxDrained();
        assertThat(hitIds("hasResults=true&q=SpineJet")).contains("ctgov-nct01367860");

        ArrayNode measures = (ArrayNode) study.at("/resultsSection/outcomeMeasuresModule/outcomeMeasures");
        for (int index = measures.size() - 1; index >= 0; index--) {
            if (measures.get(index).at("/title").asText().startsWith("Oswestry")) {
                measures.remove(index);
            }
        }
        ((ObjectNode) study.at("/protocolSection/statusModule/lastUpdatePostDateStruct")).put("date", "2099-02-01");
        JsonNode newer = importUpload(ndjson(List.of(study.toString())), "application/x-ndjson");

        assertThat(newer.at("/counts/updated").asLong()).isEqualTo(1);
        JsonNode after = publicResults("ctgov-nct01367860");
        assertThat(after.at("/measures"))
                .extracting(measure -> measure.at("/title").asText())
                .contains("VAS for Lumbar Pain in 3 Months")
                .noneMatch(title -> title.startsWith("Oswestry"));
        assertThat(fhir.anonymous()
                        .get(root("api/trials/no-such-trial/results"), "Accept", "application/json")
                        .statusCode())
                .isEqualTo(404);
    }

    @Test
    void aRecordWhoseNctNumberAnotherTrialCarriesIsRefused() throws Exception {
        ResearchStudy existing = org.regenregistry.server.support.ExampleTrials.newTrial("RR-CTGOV-NCT06503835");
        existing.getIdentifier().removeIf(identifier -> "https://clinicaltrials.gov".equals(identifier.getSystem()));
        existing.addIdentifier().setSystem("https://clinicaltrials.gov").setValue("NCT06503835");
        String existingId = create(existing).getIdPart();

        JsonNode run = importUpload(study("NCT06503835").toString(), "application/json");

        assertThat(run.at("/counts/refused").asLong()).isEqualTo(1);
        assertThat(issues(run, "REFUSED"))
                .containsExactly("upload.json ResearchStudy/" + existingId + " carries this NCT number");
    }

    @Test
    void anImportByPathReadsOnlyTheImportDirectory() throws Exception {
        Path folder = Files.createDirectories(IMPORT_DIRECTORY.resolve("by-path"));
        Files.writeString(
                folder.resolve("NCT05161130.json"), study("NCT05161130").toString());

        HttpResponse<String> outside = fhir.post(
                root("api/imports/ctgov?path=../../pom.xml"), "application/json", "", "Accept", "application/json");
        JsonNode run = awaitFinished(fhir.post(
                root("api/imports/ctgov?path=by-path"), "application/json", "", "Accept", "application/json"));

        assertThat(outside.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(outside.body()).at("/detail").asText())
                .isEqualTo("No file or folder ../../pom.xml in the import directory");
        assertThat(run.at("/source").asText()).isEqualTo("by-path");
        assertThat(run.at("/counts/read").asLong()).isEqualTo(1);
        assertThat(run.at("/counts/refused").asLong()).isZero();
        assertThat(client.read()
                        .resource(ResearchStudy.class)
                        .withId("ctgov-nct05161130")
                        .execute())
                .isNotNull();
    }

    @Test
    void aSearchOfTheClinicalTrialsGovApiImportsEveryPage() throws Exception {
        WireMockServer api = CtgovStubInitializer.api();
        api.stubFor(get(urlPathEqualTo("/api/v2/studies"))
                .withQueryParam("query.cond", equalTo("degenerative disc disease"))
                .withQueryParam("pageToken", absent())
                .willReturn(okJson("{\"studies\": [" + study("NCT06127745") + "," + study("NCT05508360")
                        + "], \"nextPageToken\": \"second\"}")));
        api.stubFor(get(urlPathEqualTo("/api/v2/studies"))
                .withQueryParam("pageToken", equalTo("second"))
                .willReturn(okJson("{\"studies\": [" + study("NCT04631133") + "]}")));

        JsonNode run = awaitFinished(fhir.post(
                root("api/imports/ctgov/search?query.cond=degenerative%20disc%20disease"),
                "application/json",
                "",
                "Accept",
                "application/json"));
        HttpResponse<String> unknown = fhir.post(
                root("api/imports/ctgov/search?pageSize=1000"), "application/json", "", "Accept", "application/json");

        assertThat(run.at("/state").asText()).isEqualTo("SUCCEEDED");
        assertThat(run.at("/source").asText()).isEqualTo("search {query.cond=degenerative disc disease}");
        assertThat(run.at("/counts/read").asLong()).isEqualTo(3);
        assertThat(client.read()
                        .resource(ResearchStudy.class)
                        .withId("ctgov-nct04631133")
                        .execute())
                .isNotNull();
        assertThat(unknown.statusCode()).isEqualTo(400);
    }

    @Test
    void onlyAnAdministratorImports() {
        HttpResponse<String> asRegulator = fhir.bearer(TestTokens.of(port, SecurityClientsInitializer.REGULATOR))
                .post(root("api/imports/ctgov"), "application/json", "{}", "Accept", "application/json");

        assertThat(asRegulator.statusCode()).isEqualTo(403);
    }

    private JsonNode importUpload(String body, String contentType) throws IOException {
        return awaitFinished(fhir.post(root("api/imports/ctgov"), contentType, body, "Accept", "application/json"));
    }

    private JsonNode awaitFinished(HttpResponse<String> started) throws IOException {
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String location = started.headers().firstValue("Location").orElseThrow();
        await().atMost(Duration.ofMinutes(2))
                .until(
                        () -> JSON.readTree(fhir.get(location, "Accept", "application/json")
                                        .body())
                                .at("/state")
                                .asText(),
                        state -> !"RUNNING".equals(state));
        return JSON.readTree(fhir.get(location, "Accept", "application/json").body());
    }

    private static List<String> issues(JsonNode run, String outcome) {
        return StreamSupport.stream(run.at("/issues").spliterator(), false)
                .filter(issue -> outcome.equals(issue.at("/outcome").asText()))
                .map(issue ->
                        issue.at("/source").asText() + " " + issue.at("/reason").asText())
                .toList();
    }

    private List<String> hitIds(String query) throws IOException {
        HttpResponse<String> response = fhir.get(root("api/trials?size=100&" + query), "Accept", "application/json");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return StreamSupport.stream(JSON.readTree(response.body()).at("/hits").spliterator(), false)
                .map(hit -> hit.at("/trial/id").asText())
                .toList();
    }

    /** The trial's results as a caller without a token reads them. */
    private JsonNode publicResults(String trialId) throws IOException {
        HttpResponse<String> response =
                fhir.anonymous().get(root("api/trials/" + trialId + "/results"), "Accept", "application/json");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static JsonNode measure(JsonNode results, String title) {
        return StreamSupport.stream(results.at("/measures").spliterator(), false)
                .filter(measure -> title.equals(measure.at("/title").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no measure " + title + " in " + results));
    }

    private String version(String trialId) {
        return client.read()
                .resource(ResearchStudy.class)
                .withId(trialId)
                .execute()
                .getMeta()
                .getVersionId();
    }

    /** A real record from the labelled set, as a JSON object the test may change. */
    private static ObjectNode study(String nctId) throws IOException {
        for (String line : resource("labelled/studies.ndjson").split("\n")) {
            JsonNode study = JSON.readTree(line);
            if (nctId.equals(
                    study.at("/protocolSection/identificationModule/nctId").asText())) {
                return (ObjectNode) study;
            }
        }
        throw new IllegalArgumentException("No record " + nctId);
    }

    private static String ndjson(List<String> records) {
        return records.stream()
                .map(record -> {
                    try {
                        return JSON.readTree(record).toString();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .collect(Collectors.joining("\n", "", "\n"));
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = CtgovImportIT.class.getResourceAsStream("/ctgov/" + path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
