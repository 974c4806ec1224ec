package org.regenregistry.server.trial;

import ca.uhn.fhir.context.FhirContext;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.regenregistry.search.match.PatientFacts;
import org.regenregistry.search.match.TrialMatch;
import org.regenregistry.search.match.TrialMatching;
import org.regenregistry.server.indexing.SearchNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * Matching a patient to trials, {@code POST /api/trials/match}: the recruiting trials a patient may be eligible for,
 * ranked, each with the criteria met, not checked and failed. The registry's equivalent of a {@code
 * ResearchStudy/$match} operation, answered from the trial index. The patient's data is read for the answer only:
 * nothing of it is stored, indexed or logged (the audit record of the request names the caller and the URL, never the
 * body).
 */
@RestController
class TrialMatchController {

    private static final Logger log = LoggerFactory.getLogger(TrialMatchController.class);

    private final SearchNode node;
    private final FhirContext fhir;

    TrialMatchController(SearchNode node, FhirContext fhir) {
        this.node = node;
        this.fhir = fhir;
    }

    @Operation(
            summary = "Recruiting trials a patient may be eligible for, ranked, with the reasons",
            description = "The body is FHIR JSON: a Bundle with the Patient (birthDate, gender, an address with the"
                    + " geolocation extension) and Conditions, or Parameters of age or birthDate, sex, condition"
                    + " (repeated), location ('lat,lon'), radius (km; default 100), therapyFamily (repeated) and"
                    + " patient (such a Bundle). Structured criteria are judged; free-text criteria are listed as"
                    + " not checked.")
    @ApiResponse(responseCode = "200", description = "The matches, best first")
    @ApiResponse(
            responseCode = "400",
            description = "The body is not such a Bundle or Parameters, or names no condition and no therapy family",
            content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
    @PostMapping(
            path = "/api/trials/match",
            consumes = {"application/fhir+json", "application/json"},
            produces = "application/json")
    Matches match(@RequestBody String body, @RequestParam(defaultValue = "" + TrialMatching.DEFAULT_LIMIT) int limit)
            throws IOException {
        PatientFacts patient = PatientData.read(fhir, body, PatientData.today());
        URI fhirBase = ServletUriComponentsBuilder.fromCurrentContextPath()
                .path("/fhir/ResearchStudy/")
                .build()
                .toUri();
        return new Matches(node.matching().match(patient, limit).stream()
                .map(match -> new Matches.Match(match, fhirBase.resolve(match.trialId())))
                .toList());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badPatientData(IllegalArgumentException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Bad patient data");
        return problem;
    }

    /** Logged without the exception's message: a refused query can quote the patient's codes. */
    @ExceptionHandler({IOException.class, ElasticsearchException.class})
    ProblemDetail indexUnavailable(Exception e) {
        log.warn("Trial match failed: {}", e.getClass().getSimpleName());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE, "The trial index is unavailable; try again shortly");
        problem.setTitle("Trial index unavailable");
        return problem;
    }

    /** The answer: the matches, best first, each with the URL of its ResearchStudy. */
    record Matches(List<Match> matches) {

        record Match(TrialMatch trial, URI fhir) {}
    }
}
