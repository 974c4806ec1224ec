package org.regenregistry.server.outcomes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.regenregistry.server.support.ExampleTrials;
import org.regenregistry.server.support.GeneratedTrials;
import org.regenregistry.server.support.RegistryClientSupport;
import org.regenregistry.statistics.Effect;
import org.regenregistry.statistics.RandomEffects;
import org.regenregistry.statistics.Sample;

/**
 * {@code /api/analysis} over real HTTP, PostgreSQL and the real trial index, on generated trials whose true effect is
 * known: six controlled PRP trials whose 6-month pain VAS falls 12 mm more than under saline (each trial's own effect
 * drawn around it), two single-arm ones, and a pair of controlled trials found by another search.
 */
class AnalysisIT extends RegistryClientSupport {

    private static final double TRUE_DIFFERENCE = -12;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] ACCEPT_JSON = {"Accept", "application/json"};

    /** One word that only this test's trials carry in their titles, so that a search finds them alone. */
    private static final String WORD = "pooling" + Long.toString(System.nanoTime(), 36);

    private static final String PAIR = "paired" + Long.toString(System.nanoTime(), 36);

    private static boolean written;

    @BeforeEach
    void trials() {
        ExampleTrials.ensureLoaded(client);
        if (written) {
            return;
        }
        Random random = new Random(1612);
        LocalDate start = LocalDate.now().minusYears(2);
        for (int i = 0; i < 6; i++) {
            double effect = TRUE_DIFFERENCE + 3 * random.nextGaussian();
            GeneratedTrials.write(
                    client,
                    "PRP against saline " + WORD + " " + i,
                    start,
                    18,
                    random,
                    new GeneratedTrials.Arm("PRP", "experimental", 30, -10 + effect),
                    new GeneratedTrials.Arm("Saline", "placebo-comparator", 30, -10));
        }
        for (int i = 0; i < 2; i++) {
            GeneratedTrials.write(
                    client,
                    "Open-label PRP " + WORD + " " + i,
                    start,
                    18,
                    random,
                    new GeneratedTrials.Arm("PRP", "experimental", 25, -20));
            GeneratedTrials.write(
                    client,
                    "PRP against saline " + PAIR + " " + i,
                    start,
                    18,
                    random,
                    new GeneratedTrials.Arm("PRP", "experimental", 20, -22),
                    new GeneratedTrials.Arm("Saline", "placebo-comparator", 20, -10));
        }
        written = true;
    }

    @Test
    void thePooledEstimateCoversTheTrueEffect() throws Exception {
        JsonNode answer = awaitAnalysis(
                "q=" + WORD + "&therapyFamily=prp&conditionGroup=osteoarthritis&outcome=pain" + "&timepoint=6mo", 6, 2);
        JsonNode analysis = answer.at("/analysis");
        assertThat(answer.at("/trialsFound").asInt()).isEqualTo(8);
        assertThat(answer.at("/query/effect").asText()).isEqualTo("md");
        assertThat(analysis.at("/instrument").asText()).isEqualTo(GeneratedTrials.VAS);
        JsonNode pooled = analysis.at("/pooled");
        assertThat(pooled.at("/k").asInt()).isEqualTo(6);
        assertThat(pooled.at("/tau2Method").asText()).isEqualTo("DL");
        assertThat(pooled.at("/interval").asText()).isEqualTo("HKSJ");
        assertThat(pooled.at("/ciLower").asDouble())
                .as("the 95%% interval covers the true difference")
                .isLessThanOrEqualTo(TRUE_DIFFERENCE);
        assertThat(pooled.at("/ciUpper").asDouble()).isGreaterThanOrEqualTo(TRUE_DIFFERENCE);
        assertThat(pooled.at("/predictionLower").asDouble())
                .isLessThan(pooled.at("/ciLower").asDouble());
        assertThat(analysis.at("/singleArm")).hasSize(2);
        analysis.at("/singleArm")
                .forEach(trial -> assertThat(trial.at("/title").asText()).startsWith("Open-label"));

        // each trial's estimate is the difference of the arms its own outcome summary gives, and pooling those gives
        // the pooled estimate: the analysis reads the same summaries the trial's page does
        List<Effect> effects = new ArrayList<>();
        double weights = 0;
        for (JsonNode comparison : analysis.at("/comparisons")) {
            JsonNode outcomes =
                    json(fhir.get(root("api/trials/" + comparison.at("/trial").asText() + "/outcomes"), ACCEPT_JSON));
            Sample prp = sixMonths(outcomes, "PRP");
            Sample saline = sixMonths(outcomes, "Saline");
            Effect effect = Effect.meanDifference(comparison.at("/trial").asText(), prp, saline);
            assertThat(comparison.at("/estimate").asDouble()).isCloseTo(effect.estimate(), within(1e-9));
            effects.add(effect);
            weights += comparison.at("/weight").asDouble();
        }
        assertThat(weights).isCloseTo(100, within(1e-6));
        RandomEffects.Pooled direct = RandomEffects.pool(
                effects, RandomEffects.Tau2.DERSIMONIAN_LAIRD, RandomEffects.IntervalMethod.HARTUNG_KNAPP);
        assertThat(pooled.at("/estimate").asDouble()).isCloseTo(direct.estimate(), within(1e-9));
        assertThat(pooled.at("/i2").asDouble()).isCloseTo(direct.i2(), within(1e-9));

        JsonNode anonymous = json(fhir.anonymous().get(root("api/analysis?q=" + WORD), ACCEPT_JSON));
        assertThat(anonymous.at("/analysis/pooled/estimate").asDouble())
                .as("no arm is a small cell, so the public sees the same analysis")
                .isCloseTo(pooled.at("/estimate").asDouble(), within(1e-12));
    }

    @Test
    void remlWaldAndHedgesGAreOptions() throws Exception {
        awaitAnalysis("q=" + WORD, 6, 2);
        JsonNode reml =
                json(fhir.get(root("api/analysis?q=" + WORD + "&tau2=reml&interval=wald&effect=smd"), ACCEPT_JSON));
        assertThat(reml.at("/query/effect").asText()).isEqualTo("smd");
        assertThat(reml.at("/analysis/pooled/tau2Method").asText()).isEqualTo("REML");
        assertThat(reml.at("/analysis/pooled/interval").asText()).isEqualTo("Wald");
        assertThat(reml.at("/analysis/pooled/estimate").asDouble())
                .as("a standardised difference favouring PRP")
                .isNegative();
        assertThat(reml.at("/analysis/instrument").isNull()).isTrue();
    }

    @Test
    void twoTrialsGiveNoPooledEstimate() throws Exception {
        JsonNode pair = awaitAnalysis("q=" + PAIR, 2, 0);
        assertThat(pair.at("/analysis/pooled").isNull()).isTrue();
        assertThat(pair.at("/analysis/noPooledEstimate").asText()).contains("fewer than 3");
        assertThat(pair.at("/analysis/comparisons/0/weight").isNull()).isTrue();
    }

    @Test
    void theForestPlotComesAsSvgAndPng() throws Exception {
        awaitAnalysis("q=" + WORD, 6, 2);
        HttpResponse<String> svg = fhir.get(root("api/analysis/forest.svg?q=" + WORD), "Accept", "image/svg+xml");
        assertThat(svg.statusCode()).isEqualTo(200);
        assertThat(svg.headers().firstValue("Content-Type").orElse("")).startsWith("image/svg+xml");
        assertThat(svg.body()).startsWith("<svg").contains("PRP against saline " + WORD + " 0", "<polygon");

        HttpResponse<byte[]> png = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(root("api/analysis/forest.png?q=" + WORD)))
                                .build(),
                        HttpResponse.BodyHandlers.ofByteArray());
        assertThat(png.statusCode()).isEqualTo(200);
        assertThat(png.headers().firstValue("Content-Type").orElse("")).isEqualTo("image/png");
        assertThat(png.body()).startsWith(0x89, 'P', 'N', 'G');
    }

    @Test
    void badParametersAreProblems() throws Exception {
        for (String query : List.of("timepoint=5mo", "outcome=mood", "effect=or", "colour=red", "page=1")) {
            HttpResponse<String> response = fhir.get(root("api/analysis?" + query), ACCEPT_JSON);
            assertThat(response.statusCode()).as(query).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).contains("problem+json");
            assertThat(json(response).at("/detail").asText()).isNotBlank();
        }
    }

    private JsonNode awaitAnalysis(String query, int comparisons, int singleArm) {
        return await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> json(fhir.get(root("api/analysis?" + query), ACCEPT_JSON)),
                        answer -> answer.at("/analysis/comparisons").size() == comparisons
                                && answer.at("/analysis/singleArm").size() == singleArm);
    }

    private static Sample sixMonths(JsonNode outcomes, String arm) {
        for (JsonNode candidate : outcomes.at("/instruments/0/arms")) {
            if (candidate.at("/arm").asText().equals(arm)) {
                for (JsonNode point : candidate.at("/timePoints")) {
                    if (point.at("/timePoint").asText().equals("6mo")) {
                        JsonNode change = point.at("/change");
                        return new Sample(
                                change.at("/n").asInt(),
                                change.at("/mean").asDouble(),
                                change.at("/sd").asDouble());
                    }
                }
            }
        }
        throw new AssertionError(String.format(Locale.ROOT, "no 6-month change of arm %s", arm));
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }
}
