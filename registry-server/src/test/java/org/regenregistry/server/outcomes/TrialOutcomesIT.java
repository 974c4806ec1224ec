package org.regenregistry.server.outcomes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.MeasureReport;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.regenregistry.profiles.CoreExtensions;
import org.regenregistry.profiles.RegistryExtensions;
import org.regenregistry.server.support.ExampleTrials;
import org.regenregistry.server.support.GeneratedTrials;
import org.regenregistry.server.support.RegistryClientSupport;
import org.regenregistry.server.support.SecurityClientsInitializer;
import org.regenregistry.statistics.Sample;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * {@code /api/trials/{id}/outcomes} over real HTTP against PostgreSQL: the summaries follow new scores, corrections,
 * scores entered in error and deletions within seconds, each time equal to what the scores stored give, and small
 * cells are left out for callers who may not read subjects.
 */
class TrialOutcomesIT extends RegistryClientSupport {

    /** The bound: summaries current within 5 s of a write. */
    private static final Duration CURRENT_WITHIN = Duration.ofSeconds(5);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] ACCEPT_JSON = {"Accept", "application/json"};

    @Autowired
    OutcomeSummarizer summarizer;

    @BeforeEach
    void examples() {
        ExampleTrials.ensureLoaded(client);
    }

    @Test
    void summariesFollowNewScoresCorrectionsAndDeletions() throws Exception {
        GeneratedTrials.Written written = GeneratedTrials.write(
                client,
                "Outcome summaries follow their data",
                LocalDate.now().minusYears(2),
                15,
                new Random(16),
                new GeneratedTrials.Arm("PRP", "experimental", 6, -25),
                new GeneratedTrials.Arm("Saline", "placebo-comparator", 6, -10));
        String trial = written.trial();
        List<GeneratedTrials.Subject> prp = written.subjects().subList(0, 6);
        List<GeneratedTrials.Subject> saline = written.subjects().subList(6, 12);
        List<Double> prpChanges = new ArrayList<>(
                prp.stream().map(GeneratedTrials.Subject::change).toList());
        List<Double> salineChanges = new ArrayList<>(
                saline.stream().map(GeneratedTrials.Subject::change).toList());

        JsonNode outcomes = awaitOutcomes(
                trial,
                body -> at(body, "PRP", "6mo").at("/analysed").asInt() == 6
                        && at(body, "Saline", "6mo").at("/analysed").asInt() == 6);
        assertArm(outcomes, "PRP", prpChanges);
        assertArm(outcomes, "Saline", salineChanges);
        assertThat(at(outcomes, "PRP", "3mo").at("/analysed").asInt()).isZero();
        assertThat(at(outcomes, "PRP", "6mo").at("/enrolled").asInt()).isEqualTo(6);
        assertThat(outcomes.at("/instruments/0/code").asText()).isEqualTo(GeneratedTrials.VAS);

        // a correction: the first PRP subject's 6-month score is re-read 10 mm lower
        Observation corrected = client.read()
                .resource(Observation.class)
                .withId(prp.get(0).later())
                .execute();
        double before = corrected.getValueQuantity().getValue().doubleValue();
        corrected.setStatus(Observation.ObservationStatus.CORRECTED);
        corrected.getValueQuantity().setValue(before - 10);
        client.update().resource(corrected).execute();
        prpChanges.set(0, prpChanges.get(0) - 10);
        double correctedMean = Sample.of(doubles(prpChanges)).mean();
        assertArm(awaitOutcomes(trial, body -> Math.abs(mean(body, "PRP") - correctedMean) < 1e-9), "PRP", prpChanges);

        // entered in error: the second PRP subject's 6-month score no longer counts, and the subject is missing
        Observation wrong = client.read()
                .resource(Observation.class)
                .withId(prp.get(1).later())
                .execute();
        wrong.setStatus(Observation.ObservationStatus.ENTEREDINERROR);
        client.update().resource(wrong).execute();
        prpChanges.remove(1);
        JsonNode afterError = awaitOutcomes(
                trial, body -> at(body, "PRP", "6mo").at("/analysed").asInt() == 5);
        assertArm(afterError, "PRP", prpChanges);
        assertThat(at(afterError, "PRP", "6mo").at("/missing").asInt()).isEqualTo(1);

        // a deletion: the first saline subject's 6-month score goes
        client.delete().resourceById(new IdType(saline.get(0).later())).execute();
        salineChanges.remove(0);
        assertArm(
                awaitOutcomes(
                        trial, body -> at(body, "Saline", "6mo").at("/analysed").asInt() == 5),
                "Saline",
                salineChanges);

        // a new score at 3 months of one subject: one analysed, a small cell for researchers
        client.create()
                .resource(GeneratedTrials.score(
                        prp.get(0).patient(),
                        "ResearchStudy/" + trial,
                        prp.get(0).start().plusDays(91),
                        40))
                .execute();
        awaitOutcomes(trial, body -> at(body, "PRP", "3mo").at("/analysed").asInt() == 1);

        JsonNode researcher = outcomes(fhir.as(SecurityClientsInitializer.RESEARCHER_CLIENT)
                .get(root("api/trials/" + trial + "/outcomes"), ACCEPT_JSON));
        JsonNode small = at(researcher, "PRP", "3mo");
        assertThat(small.at("/analysed").isNull()).isTrue();
        assertThat(small.at("/change").isNull()).isTrue();
        assertThat(small.at("/suppressed").asBoolean()).isTrue();
        assertThat(at(researcher, "PRP", "6mo").at("/analysed").asInt()).isEqualTo(5);
        JsonNode anonymous = outcomes(fhir.anonymous().get(root("api/trials/" + trial + "/outcomes"), ACCEPT_JSON));
        assertThat(at(anonymous, "PRP", "3mo").at("/suppressed").asBoolean()).isTrue();
    }

    @Test
    void aTrialWithoutScoresIsSummarisedFromTheChangesItRegistered() throws Exception {
        String trial = client.create()
                .resource(ExampleTrials.newTrial("RR-REG-" + UUID.randomUUID()))
                .execute()
                .getId()
                .getIdPart();
        Observation prp = (Observation) ExampleTrials.example("Observation-prp-knee-oa-result-womac-pain-lp-prp.json");
        prp.setId((String) null);
        prp.getExtensionByUrl(CoreExtensions.RESEARCH_STUDY).setValue(new Reference("ResearchStudy/" + trial));
        client.create().resource(prp).execute();
        Observation saline = prp.copy();
        saline.getExtensionByUrl(RegistryExtensions.RESULT_GROUP).setValue(new StringType("Saline"));
        saline.getValueQuantity().setValue(-2.2);
        client.create().resource(saline).execute();

        JsonNode outcomes =
                awaitOutcomes(trial, body -> body.at("/instruments/0/arms").size() == 2);
        assertThat(outcomes.at("/instruments/0/source").asText()).isEqualTo("registered");
        assertThat(outcomes.at("/instruments/0/name").asText())
                .isEqualTo("Change From Baseline in WOMAC Pain Subscale (0-20)");
        JsonNode registered = at(outcomes, "LP-PRP", "12mo");
        assertThat(registered.at("/change/mean").asDouble()).isEqualTo(-5.1);
        assertThat(registered.at("/change/sd").asDouble()).isEqualTo(3.4);
        assertThat(registered.at("/analysed").asInt()).isEqualTo(38);
        assertThat(registered.at("/enrolled").isNull()).as("not registered").isTrue();
        assertThat(at(outcomes, "Saline", "12mo").at("/change/mean").asDouble()).isEqualTo(-2.2);
        assertThat(outcomes.at("/instruments/0/arms/1/armType").asText()).isEqualTo("placebo-comparator");
    }

    @Test
    void theDailyRefreshRecomputesEverySummarisedTrial() throws Exception {
        GeneratedTrials.Written written = GeneratedTrials.write(
                client,
                "Outcome summaries refreshed daily",
                LocalDate.now().minusYears(1),
                15,
                new Random(17),
                new GeneratedTrials.Arm("PRP", "experimental", 5, -25));
        JsonNode before =
                awaitOutcomes(written.trial(), body -> !body.at("/instruments").isEmpty());
        String reported = reportVersion(written.trial());
        summarizer.refresh();
        awaitOutcomes(written.trial(), body -> !body.at("/computedAt")
                .asText()
                .equals(before.at("/computedAt").asText()));
        assertThat(reportVersion(written.trial()))
                .as("figures unchanged: no new version of the MeasureReport")
                .isEqualTo(reported);
    }

    @Test
    void aTrialWithoutScoresHasNoInstrumentsAndUnknownTrialsAreProblems() throws Exception {
        JsonNode example = outcomes(fhir.get(root("api/trials/mindfulness-low-back-pain/outcomes"), ACCEPT_JSON));
        assertThat(example.at("/trial").asText()).isEqualTo("mindfulness-low-back-pain");

        HttpResponse<String> missing = fhir.get(root("api/trials/no-such-trial/outcomes"), ACCEPT_JSON);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(missing.body()).at("/title").asText()).isEqualTo("Trial not found");
        HttpResponse<String> bad = fhir.get(root("api/trials/not_an_id!/outcomes"), ACCEPT_JSON);
        assertThat(bad.statusCode()).isEqualTo(400);
    }

    private JsonNode awaitOutcomes(String trial, Predicate<JsonNode> expectation) {
        return await().atMost(CURRENT_WITHIN)
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> outcomes(fhir.get(root("api/trials/" + trial + "/outcomes"), ACCEPT_JSON)),
                        body -> body.at("/current").asBoolean() && expectation.test(body));
    }

    private String reportVersion(String trial) {
        return client.read()
                .resource(MeasureReport.class)
                .withId(trial)
                .execute()
                .getMeta()
                .getVersionId();
    }

    private static JsonNode outcomes(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static JsonNode at(JsonNode outcomes, String arm, String timePoint) {
        for (JsonNode instrument : outcomes.at("/instruments")) {
            for (JsonNode candidate : instrument.at("/arms")) {
                if (candidate.at("/arm").asText().equals(arm)) {
                    for (JsonNode point : candidate.at("/timePoints")) {
                        if (point.at("/timePoint").asText().equals(timePoint)) {
                            return point;
                        }
                    }
                }
            }
        }
        return MissingNode.getInstance();
    }

    private static double mean(JsonNode outcomes, String arm) {
        return at(outcomes, arm, "6mo").at("/change/mean").asDouble(Double.NaN);
    }

    private static void assertArm(JsonNode outcomes, String arm, List<Double> changes) {
        Sample expected = Sample.of(doubles(changes));
        JsonNode point = at(outcomes, arm, "6mo");
        assertThat(point.at("/analysed").asInt()).as(arm).isEqualTo(changes.size());
        assertThat(point.at("/change/n").asInt()).isEqualTo(changes.size());
        assertThat(point.at("/change/mean").asDouble()).as(arm).isCloseTo(expected.mean(), within(1e-9));
        assertThat(point.at("/change/sd").asDouble()).as(arm).isCloseTo(expected.sd(), within(1e-9));
        assertThat(point.at("/change/ciLower").asDouble())
                .isCloseTo(expected.meanInterval(0.95).lower(), within(1e-9));
    }

    private static double[] doubles(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
