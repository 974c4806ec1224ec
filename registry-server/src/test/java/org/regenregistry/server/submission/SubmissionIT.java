package org.regenregistry.server.submission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.StreamSupport;
import javax.sql.DataSource;
import org.hl7.fhir.r4.model.AdverseEvent;
import org.hl7.fhir.r4.model.Binary;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ResearchStudy;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.regenregistry.profiles.RegistryCodeSystems;
import org.regenregistry.profiles.RegistryProfiles;
import org.regenregistry.server.support.ExampleTrials;
import org.regenregistry.server.support.FhirHttp;
import org.regenregistry.server.support.OutcomePackages;
import org.regenregistry.server.support.RegistryClientSupport;
import org.regenregistry.server.support.ScheduledTrials;
import org.regenregistry.server.support.SecurityClientsInitializer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Outcome submissions end to end on PostgreSQL with real keys and tokens: a signed package is stored as received
 * with its records, a Provenance carrying the signature and a review Task; a wrong signer, a bad signature, no
 * signature and a record that breaks its profile store nothing; a re-submission supersedes with a reason and shows
 * its diff; an edit outside a submission is drift, a change in the database is named; the review moves through the regulators' API; the trial's
 * reporting schedule shows what is overdue.
 */
class SubmissionIT extends RegistryClientSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RECORD_SYSTEM = "https://st-olaf.example.org/observations";

    @Autowired
    private DataSource dataSource;

    private FhirHttp stOlaf;
    private FhirHttp regulator;
    private String trial;
    private String patient;
    /** The trial's first reporting period: three months from nine months ago, due 45 days after. */
    private LocalDate start;

    private LocalDate end;

    @BeforeEach
    void aScheduledTrialAndASubject() {
        ExampleTrials.ensureLoaded(client);
        stOlaf = fhir.as(SecurityClientsInitializer.SITE_STAFF);
        regulator = fhir.as(SecurityClientsInitializer.REGULATOR);
        start = LocalDate.now(ZoneOffset.UTC).minusMonths(9).withDayOfMonth(1);
        end = start.plusMonths(3).minusDays(1);
        ResearchStudy study = ScheduledTrials.quarterly("RR-SUB-", start);
        trial = stOlaf.client()
                .create()
                .resource(study)
                .execute()
                .getId()
                .toUnqualifiedVersionless()
                .getValue();
        patient = stOlaf.client()
                .create()
                .resource(new Patient().setActive(true))
                .execute()
                .getId()
                .toUnqualifiedVersionless()
                .getValue();
    }

    @Test
    void aSignedPackageIsStoredAsReceivedWithItsProvenanceAndReviewTask() throws IOException {
        Observation first = score("first", 7);
        Observation second = score("second", 5);
        AdverseEvent adverseEvent =
                (AdverseEvent) ExampleTrials.example("AdverseEvent-prp-knee-oa-adverse-event-1.json");
        adverseEvent.setId((String) null);
        adverseEvent.setIdentifier(
                new Identifier().setSystem(RECORD_SYSTEM).setValue("event-" + new IdType(trial).getIdPart()));
        adverseEvent.setSubject(new Reference(patient));
        adverseEvent.setStudy(List.of(new Reference(trial)));
        String body = OutcomePackages.signed(
                OutcomePackages.unsigned(trial, start, end, null, first, second, adverseEvent),
                SecurityClientsInitializer.SITE_SIGNER);

        HttpResponse<String> response = submit(body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Parameters receipt = fhir.parse(Parameters.class, response.body());
        List<String> records = receipt.getParameters("record").stream()
                .map(part -> part.getValue().primitiveValue())
                .toList();
        assertThat(records)
                .hasSize(3)
                .allMatch(reference -> reference.matches("(Observation|AdverseEvent)/[0-9a-f-]+/_history/1"));
        Observation stored = regulator
                .client()
                .read()
                .resource(Observation.class)
                .withUrl(records.get(0))
                .execute();
        assertThat(stored.getValueIntegerType().getValue()).isEqualTo(7);
        assertThat(stored.getMeta().getSecurity(RegistryCodeSystems.SOURCE_SITE, SecurityClientsInitializer.SITE))
                .as("written as the site's own record")
                .isNotNull();

        Provenance provenance = regulator
                .client()
                .read()
                .resource(Provenance.class)
                .withId(reference(receipt, "provenance"))
                .execute();
        assertThat(provenance.getTarget()).extracting(Reference::getReference).containsExactlyElementsOf(records);
        assertThat(provenance.getSignatureFirstRep().getData())
                .isEqualTo(fhir.parse(Bundle.class, body).getSignature().getData());
        Binary binary = regulator
                .client()
                .read()
                .resource(Binary.class)
                .withId(reference(receipt, "binary"))
                .execute();
        assertThat(new String(binary.getData(), StandardCharsets.UTF_8))
                .as("the package as received")
                .isEqualTo(body);
        Task task = regulator
                .client()
                .read()
                .resource(Task.class)
                .withId(reference(receipt, "task"))
                .execute();
        assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.REQUESTED);

        HttpResponse<String> again = submit(body);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        Parameters repeated = fhir.parse(Parameters.class, again.body());
        assertThat(repeated.getParameterBool("again")).isTrue();
        assertThat(text(repeated, "submission")).isEqualTo(text(receipt, "submission"));
        assertThat(regulator
                        .client()
                        .read()
                        .resource(Observation.class)
                        .withId(new IdType(records.get(0)).toUnqualifiedVersionless())
                        .execute()
                        .getIdElement()
                        .getVersionIdPart())
                .as("posting the same package again writes nothing")
                .isEqualTo("1");
        List<String> writes = StreamSupport.stream(
                        api("api/audit/events?trial=" + trial).spliterator(), false)
                .filter(event -> event.get("subtype").asText().equals("create"))
                .filter(event -> event.get("client").asText().equals(SecurityClientsInitializer.SITE_STAFF))
                .map(event -> event.get("entities").get(0).asText())
                .toList();
        assertThat(writes)
                .as("the trial's access history holds the package's writes, by the site's client")
                .containsAll(records);
    }

    @Test
    void anotherSitesRecordWithTheSameIdentifierIsNeitherTouchedNorRevealed() throws IOException {
        FhirHttp lakeside = fhir.as(SecurityClientsInitializer.OTHER_SITE_STAFF);
        IdType theirPatient = (IdType) lakeside.client()
                .create()
                .resource(new Patient().setActive(true))
                .execute()
                .getId();
        Observation theirs = painScore(theirPatient, 9);
        theirs.addIdentifier().setSystem(RECORD_SYSTEM).setValue("shared-" + new IdType(trial).getIdPart());
        IdType theirsId =
                (IdType) lakeside.client().create().resource(theirs).execute().getId();

        HttpResponse<String> response =
                submit(OutcomePackages.signed(pack(null, score("shared", 4)), SecurityClientsInitializer.SITE_SIGNER));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String ours = fhir.parse(Parameters.class, response.body())
                .getParameters("record")
                .get(0)
                .getValue()
                .primitiveValue();
        assertThat(new IdType(ours).getIdPart()).isNotEqualTo(theirsId.getIdPart());
        assertThat(response.body()).doesNotContain(theirsId.getIdPart());
        assertThat(regulator
                        .client()
                        .read()
                        .resource(Observation.class)
                        .withId(theirsId.toUnqualifiedVersionless())
                        .execute()
                        .getValueIntegerType()
                        .getValue())
                .as("the other site's record as it was")
                .isEqualTo(9);
    }

    @Test
    void aPackageThatIsNotFhirJsonIsRefused() throws IOException {
        String body =
                OutcomePackages.signed(pack(null, score("plain-text", 4)), SecurityClientsInitializer.SITE_SIGNER);

        HttpResponse<String> response = stOlaf.post("$submit-outcome", "text/plain", body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(415);
    }

    @Test
    void aPackageSignedWithAnotherSitesKeyIsForbiddenAndStoresNothing() throws IOException {
        Observation record = score("wrong-signer", 6);
        String body = OutcomePackages.signed(pack(null, record), SecurityClientsInitializer.OTHER_SITE_SIGNER);

        HttpResponse<String> response = submit(body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(403);
        assertThat(response.body()).contains("lakeside-investigator").contains("not registered for site");
        assertNothingStored(record);
    }

    @Test
    void aPackageChangedAfterSigningIsRefusedAsABadSignature() throws IOException {
        Observation record = score("tampered", 6);
        String body = OutcomePackages.signed(pack(null, record), SecurityClientsInitializer.SITE_SIGNER);
        String tampered = body.replace("\"valueInteger\":6", "\"valueInteger\":2");
        assertThat(tampered).isNotEqualTo(body);

        HttpResponse<String> response = submit(tampered);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        assertThat(response.body()).contains("OperationOutcome").contains("does not verify");
        assertNothingStored(record);
    }

    @Test
    void anUnsignedPackageIsRefused() throws IOException {
        Observation record = score("unsigned", 6);

        HttpResponse<String> response = submit(fhir.json(pack(null, record)));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        assertThat(response.body()).contains("not signed");
        assertNothingStored(record);
    }

    @Test
    void aRecordThatBreaksItsProfileFailsThePackageAndStoresNothing() throws IOException {
        Observation good = score("good-beside-bad", 4);
        Observation bad = score("out-of-range", 11);
        bad.getMeta().addProfile(RegistryProfiles.PAIN_SCORE);
        String body = OutcomePackages.signed(pack(null, good, bad), SecurityClientsInitializer.SITE_SIGNER);

        HttpResponse<String> response = submit(body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        assertThat(response.body()).contains("OperationOutcome");
        assertNothingStored(good);
        assertNothingStored(bad);
    }

    @Test
    void aResubmissionSupersedesWithAReasonAndShowsWhatChanged() throws IOException {
        Observation kept = score("kept", 4);
        Observation corrected = score("corrected", 5);
        Observation dropped = score("dropped", 3);
        String first = receipt(submit(
                OutcomePackages.signed(pack(null, kept, corrected, dropped), SecurityClientsInitializer.SITE_SIGNER)));

        Observation fixed = score("corrected", 6);
        Observation added = score("added", 2);
        HttpResponse<String> withoutReason = submit(OutcomePackages.signed(
                pack(null, score("kept", 4), fixed, added), SecurityClientsInitializer.SITE_SIGNER));
        assertThat(withoutReason.statusCode()).as(withoutReason.body()).isEqualTo(422);
        assertThat(withoutReason.body()).contains("resubmission-reason");

        String second = receipt(submit(OutcomePackages.signed(
                pack("Score of 'corrected' was transcribed wrongly", score("kept", 4), fixed, added),
                SecurityClientsInitializer.SITE_SIGNER)));

        JsonNode diff = api("api/submissions/" + second + "/diff");
        assertThat(diff.get("against").asText()).isEqualTo(first);
        assertThat(texts(diff.get("added"))).containsExactly(key("added"));
        assertThat(diff.get("changed").findValuesAsText("identifier")).containsExactly(key("corrected"));
        assertThat(texts(diff.get("removed"))).containsExactly(key("dropped"));
        assertThat(diff.get("unchanged").asInt()).isEqualTo(1);

        JsonNode earlier = api("api/submissions/" + first).get("submission");
        assertThat(earlier.get("supersededBy").asText()).isEqualTo(second);
        assertThat(earlier.get("state").asText()).isEqualTo("cancelled");
        JsonNode later = api("api/submissions/" + second).get("submission");
        assertThat(later.get("supersedes").asText()).isEqualTo(first);
        assertThat(later.get("reason").asText()).contains("transcribed wrongly");
    }

    @Test
    void anEditOutsideASubmissionIsReportedAsDrift() throws IOException {
        String id = receipt(submit(
                OutcomePackages.signed(pack(null, score("drifting", 7)), SecurityClientsInitializer.SITE_SIGNER)));
        JsonNode before = api("api/submissions/" + id + "/verify");
        assertThat(before.get("intact").asBoolean()).as(before.toString()).isTrue();
        assertThat(before.get("signature").asText()).isEqualTo("valid");

        String record = api("api/submissions/" + id).get("records").get(0).asText();
        IdType versionless = new IdType(record).toUnqualifiedVersionless();
        Observation edited = stOlaf.client()
                .read()
                .resource(Observation.class)
                .withId(versionless)
                .execute();
        edited.setValue(new IntegerType(1));
        stOlaf.client().update().resource(edited).execute();

        JsonNode after = api("api/submissions/" + id + "/verify");
        assertThat(after.get("intact").asBoolean()).isFalse();
        assertThat(after.get("bytesIntact").asBoolean()).isTrue();
        JsonNode drift = after.get("drift").get(0);
        assertThat(drift.get("record").asText()).isEqualTo(versionless.getValue());
        assertThat(drift.get("submitted").asText()).isEqualTo(versionless.getValue() + "/_history/1");
        assertThat(drift.get("current").asText()).isEqualTo(versionless.getValue() + "/_history/2");
        assertThat(drift.get("change").asText()).isEqualTo("edited");
    }

    @Test
    void aSubmittedRecordChangedInTheDatabaseIsNamedAsAltered() throws IOException {
        String id = receipt(submit(OutcomePackages.signed(
                pack(null, score("tampered-in-db", 7)), SecurityClientsInitializer.SITE_SIGNER)));
        IdType record =
                new IdType(api("api/submissions/" + id).get("records").get(0).asText());

        int changed = new JdbcTemplate(dataSource)
                .update(
                        "UPDATE HFJ_RES_VER SET RES_TEXT_VC = REPLACE(RES_TEXT_VC, '\"valueInteger\":7',"
                                + " '\"valueInteger\":3') WHERE RES_VER = 1 AND RES_ID = (SELECT RES_ID FROM"
                                + " HFJ_RESOURCE WHERE RES_TYPE = 'Observation' AND FHIR_ID = ?)",
                        record.getIdPart());
        assertThat(changed).as("the stored version's row").isEqualTo(1);

        JsonNode report = api("api/submissions/" + id + "/verify");
        assertThat(report.get("intact").asBoolean()).isFalse();
        JsonNode altered = report.get("drift").get(0);
        assertThat(altered.get("record").asText())
                .isEqualTo(record.toUnqualifiedVersionless().getValue());
        assertThat(altered.get("submitted").asText()).isEqualTo(record.getValue());
        assertThat(altered.get("change").asText()).isEqualTo("altered");
    }

    @Test
    void aRegulatorMovesTheReviewAndTheSiteSeesItsState() throws IOException {
        String id = receipt(submit(
                OutcomePackages.signed(pack(null, score("reviewed", 3)), SecurityClientsInitializer.SITE_SIGNER)));

        assertThat(review(stOlaf, id, "completed", "self-approved").statusCode())
                .as("a site does not review")
                .isEqualTo(403);
        assertThat(review(regulator, id, "in-progress", "Opened").statusCode()).isEqualTo(200);
        assertThat(review(regulator, id, "completed", "All scores within range").statusCode())
                .isEqualTo(200);
        HttpResponse<String> reopened = review(regulator, id, "in-progress", "again");
        assertThat(reopened.statusCode()).as(reopened.body()).isEqualTo(409);
        assertThat(review(regulator, id, "approved", "no such state").statusCode())
                .isEqualTo(400);

        JsonNode seen = json(stOlaf.get(
                root("api/submissions?trial=" + new IdType(trial).getIdPart()), "Accept", "application/json"));
        assertThat(seen.get(0).get("id").asText()).isEqualTo(id);
        assertThat(seen.get(0).get("state").asText()).isEqualTo("completed");
        JsonNode one = api("api/submissions/" + id);
        assertThat(one.get("notes").findValuesAsText("text")).containsExactly("Opened", "All scores within range");
        assertThat(fhir.as(SecurityClientsInitializer.OTHER_SITE_STAFF)
                        .get(root("api/submissions/" + id), "Accept", "application/json")
                        .statusCode())
                .as("another site does not see it")
                .isEqualTo(404);

        String task = one.get("submission").get("task").asText();
        Task stored = stOlaf.client().read().resource(Task.class).withId(task).execute();
        stored.setStatus(Task.TaskStatus.REJECTED);
        HttpResponse<String> forged = stOlaf.put(task, FhirHttp.FHIR_JSON, fhir.json(stored));
        assertThat(forged.statusCode())
                .as("the Task moves through the review API only")
                .isEqualTo(403);
    }

    @Test
    void theScheduleShowsWhatIsOverdue() throws IOException {
        receipt(submit(
                OutcomePackages.signed(pack(null, score("on-time", 2)), SecurityClientsInitializer.SITE_SIGNER)));

        JsonNode schedule = api("api/submissions/schedule?trial=" + new IdType(trial).getIdPart());
        assertThat(schedule.findValuesAsText("status")).containsExactly("submitted", "overdue", "open", "open");
        JsonNode overdue = api("api/submissions/overdue?trial=" + new IdType(trial).getIdPart());
        assertThat(overdue).hasSize(1);
        assertThat(overdue.get(0).get("site").asText()).isEqualTo(SecurityClientsInitializer.SITE);
        assertThat(overdue.get(0).get("periodStart").asText())
                .isEqualTo(start.plusMonths(3).toString());
        assertThat(overdue.get(0).get("daysOverdue").asLong()).isPositive();
    }

    @Test
    void aPeriodOutsideTheTrialsScheduleIsRefused() throws IOException {
        Bundle off = OutcomePackages.unsigned(trial, start.plusDays(1), end, null, score("off-period", 5));
        HttpResponse<String> response = submit(OutcomePackages.signed(off, SecurityClientsInitializer.SITE_SIGNER));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        assertThat(response.body()).contains("not a reporting period");
    }

    private Bundle pack(String reason, Observation... records) {
        return OutcomePackages.unsigned(trial, start, end, reason, records);
    }

    private Observation score(String key, int value) {
        Observation score = painScore(patient, value);
        score.addExtension("http://hl7.org/fhir/StructureDefinition/workflow-researchStudy", new Reference(trial));
        score.addIdentifier().setSystem(RECORD_SYSTEM).setValue(key + "-" + new IdType(trial).getIdPart());
        return score;
    }

    /** How a diff names a record of this test's trial. */
    private String key(String record) {
        return "Observation " + RECORD_SYSTEM + "|" + record + "-" + new IdType(trial).getIdPart();
    }

    private HttpResponse<String> submit(String body) {
        return stOlaf.post("$submit-outcome", FhirHttp.FHIR_JSON, body);
    }

    private HttpResponse<String> review(FhirHttp who, String id, String state, String note) {
        return who.post(
                root("api/submissions/" + id + "/review"),
                "application/json",
                "{\"state\":\"" + state + "\",\"note\":\"" + note + "\"}",
                "Accept",
                "application/json");
    }

    private String receipt(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return text(fhir.parse(Parameters.class, response.body()), "submission");
    }

    private void assertNothingStored(Observation record) {
        Bundle found = regulator
                .client()
                .search()
                .byUrl("Observation?identifier=" + RECORD_SYSTEM + "|"
                        + record.getIdentifierFirstRep().getValue())
                .returnBundle(Bundle.class)
                .execute();
        assertThat(found.getEntry()).isEmpty();
        assertThat(api("api/submissions?trial=" + new IdType(trial).getIdPart()))
                .isEmpty();
    }

    private JsonNode api(String path) {
        return json(regulator.get(root(path), "Accept", "application/json"));
    }

    private static JsonNode json(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }

    private static String text(Parameters parameters, String name) {
        return parameters.getParameter(name).getValue().primitiveValue();
    }

    private static String reference(Parameters parameters, String name) {
        return ((Reference) parameters.getParameter(name).getValue()).getReference();
    }
}
