package org.regenregistry.server.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.regenregistry.server.support.FhirHttp;
import org.regenregistry.server.support.RawHttp;
import org.regenregistry.server.support.RegistryClientSupport;

/**
 * Sends generated malformed requests (bodies, ids, search parameters and modifiers, headers, Bundles, patches,
 * operations, {@code /api/trials} and the admin API) and requires of every one: no 5xx, an answer within 10 s, an
 * OperationOutcome or problem+json with each 4xx, and that no malformed write stored anything; and of the server:
 * that it is healthy afterwards. Each run generates new requests from a new seed (or {@code -Dregistry.fuzz.seed});
 * the seeds that ever found a defect are in {@code fuzz/regression-seeds.txt} and replayed on every run.
 */
class FuzzIT extends RegistryClientSupport {

    private static final int REQUESTS_PER_SEED = 520;
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);

    /** An OperationOutcome in the FHIR format the client asked for (Turtle included), or problem+json under /api. */
    private static final String[] OUTCOME_TYPES = {
        "application/fhir+json", "application/fhir+xml", "text/turtle", "application/problem+json"
    };

    static Stream<Long> seeds() {
        List<Long> seeds = new ArrayList<>(regressionSeeds());
        String given = System.getProperty("registry.fuzz.seed");
        seeds.add(given != null ? Long.parseLong(given) : System.nanoTime());
        return seeds.stream();
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void malformedRequestsAreRefusedWithA4xxAndStoreNothing(long seed) {
        Patient target = new Patient().setActive(true).addName(new HumanName().setFamily("FuzzTarget"));
        String targetId = create(target).getIdPart();
        // the first validation loads the validator's caches, which is slow once and no hang
        fhir.post("Patient/" + targetId + "/$validate", FhirHttp.FHIR_JSON, fhir.json(target));
        long versionsBefore = storedVersions();

        SoftAssertions softly = new SoftAssertions();
        for (MalformedRequests.Request request : new MalformedRequests(seed, targetId).next(REQUESTS_PER_SEED)) {
            String described = "seed " + seed + ": " + request.what() + ": " + request.method() + " " + request.path()
                    + (request.body() == null ? "" : " " + clip(request.body())) + " " + request.headers();
            RawHttp.Answer response = send(request);
            if (response == null) {
                softly.fail(described + " did not answer within " + ANSWER_WITHIN);
                continue;
            }
            int status = response.status();
            softly.assertThat(status)
                    .as(described + " -> " + clip(response.body()))
                    .isLessThan(500);
            if (request.write()) {
                softly.assertThat(status)
                        .as(described + " was accepted: " + clip(response.body()))
                        .isGreaterThanOrEqualTo(400);
            }
            if (status >= 400) {
                softly.assertThat(response.header("Content-Type"))
                        .as(described + " answered " + status + " without an OperationOutcome or problem")
                        .containsAnyOf(OUTCOME_TYPES);
            }
        }
        softly.assertThat(storedVersions())
                .as("versions stored by malformed writes")
                .isEqualTo(versionsBefore);
        softly.assertAll();

        assertThat(fhir.get(root("actuator/health/readiness"), "Accept", "application/json")
                        .statusCode())
                .isEqualTo(200);
        assertThat(create(new Patient().setActive(false)).getIdPart()).isNotBlank();
    }

    /** Every version of every type the fuzzer writes, from each type's history total. */
    private long storedVersions() {
        return MalformedRequests.WRITTEN_TYPES.stream()
                .mapToLong(type -> fhir.parse(
                                Bundle.class,
                                fhir.get(type + "/_history?_count=1").body())
                        .getTotal())
                .sum();
    }

    private RawHttp.Answer send(MalformedRequests.Request request) {
        String target = request.path().startsWith("/") ? request.path() : "/fhir/" + request.path();
        Map<String, String> headers = new LinkedHashMap<>(request.headers());
        headers.putIfAbsent("Accept", "application/fhir+json");
        byte[] body = null;
        if (request.body() != null) {
            headers.put("Content-Type", request.contentType());
            body = request.body().getBytes(StandardCharsets.UTF_8);
        }
        return RawHttp.send(port, request.method(), target, headers, body, ANSWER_WITHIN);
    }

    private static List<Long> regressionSeeds() {
        try (InputStream in = FuzzIT.class.getResourceAsStream("/fuzz/regression-seeds.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .map(String::trim)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .map(line -> Long.parseLong(line.split("\\s+", 2)[0]))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String clip(String text) {
        return text == null ? "" : text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
