package org.regenregistry.ehr.poll;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.regenregistry.ehr.poll.Bundles.includedPatient;
import static org.regenregistry.ehr.poll.Bundles.observation;
import static org.regenregistry.ehr.poll.Bundles.outcome;
import static org.regenregistry.ehr.poll.Bundles.searchset;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.regenregistry.ehr.http.ScriptedTransport;

/** The poller against scripted answers, without a server. */
class IncrementalPollerTest {

    private static final URI BASE = URI.create("https://ehr.example.org/api/FHIR/R4");
    private static final Instant OLD_MARK = Instant.parse("2026-11-20T08:00:00Z");

    private final ScriptedTransport ehr = new ScriptedTransport(BASE);
    private final InMemoryHighWaterMarks marks = new InMemoryHighWaterMarks();
    private final CollectingSink sink = new CollectingSink();
    private final IncrementalPoller poller =
            new IncrementalPoller("site-a", ehr, marks, new PollSettings(50, Duration.ofMinutes(5)));

    @Test
    void aFirstPollReadsEverythingWithTheFixedParametersAndTheNextAsksFromTheMarkMinusTheOverlap() throws Exception {
        PollQuery vitalSigns = PollQuery.of("Observation")
                .with("category", "vital-signs")
                .with("_include", "Observation:subject")
                .with("_include", "Observation:performer");
        ehr.answer(200, searchset("2026-11-24T10:00:00.250Z", null, observation("o1", "2026-11-24T09:00:00Z")));
        ehr.answer(200, searchset("2026-11-24T11:00:00Z", null));

        PollResult first = poller.poll(vitalSigns, sink);
        poller.poll(vitalSigns, sink);

        assertThat(first.fullSweep()).isTrue();
        assertThat(first.mark()).contains(Instant.parse("2026-11-24T10:00:00.250Z"));
        assertThat(ehr.requests().get(0).uri())
                .hasToString(BASE + "/Observation?category=vital-signs&_include=Observation%3Asubject"
                        + "&_include=Observation%3Aperformer&_count=50");
        assertThat(ehr.requests().get(1).uri().getQuery())
                .isEqualTo("category=vital-signs&_include=Observation:subject&_include=Observation:performer"
                        + "&_lastUpdated=gt2026-11-24T09:55:00Z&_count=50");
        assertThat(ehr.requests())
                .allSatisfy(request ->
                        assertThat(request.headers().firstValue("Accept")).contains("application/fhir+json"));
    }

    @Test
    void theMarkIsTheEarlierOfTheDateHeaderAndTheBundlesLastUpdated() throws Exception {
        marks.advance("site-a", "Observation", OLD_MARK);
        ehr.answer(
                200,
                searchset("2026-11-24T10:00:05Z", null, observation("o1", "2026-11-24T09:00:00Z")),
                "Date",
                "Tue, 24 Nov 2026 10:00:02 GMT");

        PollResult result = poller.poll(PollQuery.of("Observation"), sink);

        assertThat(result.fullSweep()).isFalse();
        assertThat(result.since()).contains(OLD_MARK.minus(Duration.ofMinutes(5)));
        assertThat(result.mark()).contains(Instant.parse("2026-11-24T10:00:02Z"));
        assertThat(marks.get("site-a", "Observation")).contains(Instant.parse("2026-11-24T10:00:02Z"));
    }

    @Test
    void includedResourcesAreFlaggedAndOutcomesBecomeIssues() throws Exception {
        ehr.answer(
                200,
                searchset(
                        "2026-11-24T10:00:00Z",
                        BASE + "?_getpages=s1&_getpagesoffset=2",
                        observation("o1", "2026-11-24T09:00:00Z"),
                        includedPatient("p1"),
                        outcome("warning", "too-costly", "Search truncated to 1000 results")));
        ehr.answer(200, searchset("2026-11-24T10:00:01Z", null, observation("o2", "2026-11-24T09:30:00Z")));

        PollResult result = poller.sweep(PollQuery.of("Observation"), sink);

        assertThat(sink.matches()).containsExactly("Observation/o1", "Observation/o2");
        assertThat(sink.includes()).containsExactly("Patient/p1");
        assertThat(result.resources()).isEqualTo(2);
        assertThat(result.included()).isEqualTo(1);
        assertThat(result.pages()).isEqualTo(2);
        assertThat(result.issues()).singleElement().satisfies(issue -> {
            assertThat(issue.severity()).isEqualTo("warning");
            assertThat(issue.message()).isEqualTo("too-costly: Search truncated to 1000 results");
            assertThat(issue.page()).isEqualTo(ehr.requests().get(0).uri());
        });
        assertThat(ehr.requests().get(1).uri()).hasToString(BASE + "?_getpages=s1&_getpagesoffset=2");
    }

    @Test
    void aRelativeNextLinkIsFollowedUnderTheBase() throws Exception {
        ehr.answer(200, searchset("2026-11-24T10:00:00Z", "Observation?page=2"));
        ehr.answer(200, searchset(null, null));

        poller.sweep(PollQuery.of("Observation"), sink);

        assertThat(ehr.requests().get(1).uri()).hasToString(BASE + "/Observation?page=2");
    }

    @Test
    void anUnparseablePageStopsThePollAsAFatalIssueAndKeepsTheMark() {
        marks.advance("site-a", "Observation", OLD_MARK);
        ehr.answer(
                200,
                searchset(
                        "2026-11-24T10:00:00Z",
                        BASE + "/Observation?page=2",
                        observation("o1", "2026-11-24T09:00:00Z")));
        ehr.answer(200, "<html>Gateway login</html>");

        assertThatThrownBy(() -> poller.poll(PollQuery.of("Observation"), sink))
                .isInstanceOfSatisfying(PollException.class, e -> {
                    assertThat(e.page()).hasToString(BASE + "/Observation?page=2");
                    assertThat(e.issues()).singleElement().satisfies(issue -> {
                        assertThat(issue.severity()).isEqualTo("fatal");
                        assertThat(issue.message()).startsWith("Not a FHIR Bundle");
                    });
                })
                .hasMessageContaining("stopped at page 2");
        assertThat(sink.matches()).containsExactly("Observation/o1");
        assertThat(marks.get("site-a", "Observation")).contains(OLD_MARK);
    }

    @Test
    void anErrorAnswerStopsThePollWithTheEhrsDiagnostics() {
        ehr.answer(
                400,
                "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"invalid\","
                        + "\"diagnostics\":\"Unknown search parameter category\"}]}");

        assertThatThrownBy(() -> poller.poll(PollQuery.of("Observation").with("category", "x"), sink))
                .isInstanceOfSatisfying(PollException.class, e -> assertThat(e.issues())
                        .extracting(PollIssue::message)
                        .containsExactly("invalid: Unknown search parameter category"))
                .hasMessageContaining("answered 400");
        assertThat(marks.get("site-a", "Observation")).isEmpty();
    }

    @Test
    void aFailingSinkLeavesTheMark() {
        marks.advance("site-a", "Observation", OLD_MARK);
        ehr.answer(200, searchset("2026-11-24T10:00:00Z", null, observation("o1", "2026-11-24T09:00:00Z")));

        assertThatThrownBy(() -> poller.poll(PollQuery.of("Observation"), (resource, included) -> {
                    throw new IllegalStateException("database down");
                }))
                .hasMessage("database down");
        assertThat(marks.get("site-a", "Observation")).contains(OLD_MARK);
    }

    @Test
    void anEhrThatTellsNoTimeKeepsTheMarkAndSaysSo() throws Exception {
        marks.advance("site-a", "Observation", OLD_MARK);
        ehr.answer(200, searchset(null, null, observation("o1", "2026-11-24T09:00:00Z")));

        PollResult result = poller.poll(PollQuery.of("Observation"), sink);

        assertThat(result.mark()).isEmpty();
        assertThat(result.issues()).singleElement().satisfies(issue -> assertThat(issue.message())
                .contains("high-water mark was kept"));
        assertThat(marks.get("site-a", "Observation")).contains(OLD_MARK);
        assertThat(sink.matches()).containsExactly("Observation/o1");
    }

    @Test
    void aNextLinkToAnotherHostIsRefusedBeforeAnyRequest() {
        ehr.answer(
                200, searchset("2026-11-24T10:00:00Z", "https://collector.example.net/api/FHIR/R4/Observation?page=2"));

        assertThatThrownBy(() -> poller.sweep(PollQuery.of("Observation"), sink))
                .isInstanceOf(PollException.class)
                .hasMessageContaining("lies outside the site's FHIR base");
        assertThat(ehr.requests()).hasSize(1);
        assertThat(marks.get("site-a", "Observation")).isEmpty();
    }

    @Test
    void nextLinksThatGoRoundInACircleStopThePoll() {
        ehr.answer(200, searchset("2026-11-24T10:00:00Z", BASE + "/Observation?page=2"));
        ehr.answer(200, searchset("2026-11-24T10:00:00Z", BASE + "/Observation?page=2"));

        assertThatThrownBy(() -> poller.sweep(PollQuery.of("Observation"), sink))
                .isInstanceOf(PollException.class)
                .hasMessageContaining("go round in a circle");
        assertThat(ehr.requests()).hasSize(2);
        assertThat(marks.get("site-a", "Observation")).isEmpty();
    }

    @Test
    void onlyLinksAtOrBelowTheBaseLieUnderIt() {
        assertThat(IncrementalPoller.liesUnder(
                        URI.create("https://EHR.example.org/api/FHIR/R4/Observation?page=2"), BASE))
                .isTrue();
        assertThat(IncrementalPoller.liesUnder(URI.create("https://ehr.example.org:443/api/FHIR/R4?_getpages=x"), BASE))
                .isTrue();
        assertThat(IncrementalPoller.liesUnder(URI.create("http://ehr.example.org/api/FHIR/R4/Observation"), BASE))
                .isFalse();
        assertThat(IncrementalPoller.liesUnder(
                        URI.create("https://ehr.example.org:8443/api/FHIR/R4/Observation"), BASE))
                .isFalse();
        assertThat(IncrementalPoller.liesUnder(URI.create("https://ehr.example.org/api/FHIR/R4x/Observation"), BASE))
                .isFalse();
        assertThat(IncrementalPoller.liesUnder(URI.create("https://ehr.example.org/api/FHIR/DSTU2"), BASE))
                .isFalse();
        assertThat(IncrementalPoller.liesUnder(URI.create("https://ehr.example.org.evil.net/api/FHIR/R4"), BASE))
                .isFalse();
        assertThat(IncrementalPoller.liesUnder(URI.create("https://user@ehr.example.org/api/FHIR/R4/Patient"), BASE))
                .isFalse();
        assertThat(IncrementalPoller.liesUnder(URI.create("/api/FHIR/R4/Patient"), BASE))
                .isFalse();
    }

    @Test
    void aQueryLeavesLastUpdatedAndCountToThePoller() {
        assertThatThrownBy(() -> PollQuery.of("Observation").with("_lastUpdated", "gt2026-01-01"))
                .hasMessageContaining("sets _lastUpdated itself");
        assertThatThrownBy(() -> PollQuery.of("observation; DROP")).hasMessageContaining("Not a FHIR resource type");
    }
}
