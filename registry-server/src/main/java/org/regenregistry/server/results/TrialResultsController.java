package org.regenregistry.server.results;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.regenregistry.profiles.FhirIds;
import org.regenregistry.server.system.ApiProblems;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/trials/{id}/results}: a trial's registered results summary. These are the published group-level
 * figures of a results summary, trial-level like the trial itself (public where {@code /api/trials} is); a trial's
 * subject-level scores are not read here.
 */
@RestController
class TrialResultsController {

    private final TrialResults results;

    TrialResultsController(TrialResults results) {
        this.results = results;
    }

    @Operation(
            summary = "A trial's registered results",
            description = "Pain and function outcome measures with each group's value, dispersion and participants"
                    + " analysed, the reported comparisons (estimate, confidence limits, p-value), and adverse events"
                    + " per group (serious and other, by term and organ system), as imported from ClinicalTrials.gov")
    @ApiResponse(responseCode = "200", description = "The results; empty lists when the trial has none")
    @ApiResponse(
            responseCode = "400",
            description = "Not a FHIR id",
            content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(
            responseCode = "404",
            description = "No such trial",
            content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping(path = "/api/trials/{id}/results", produces = "application/json")
    ResponseEntity<?> results(@PathVariable String id) {
        if (!FhirIds.isId(id)) {
            return ApiProblems.badTrialId(id);
        }
        return results.of(id).<ResponseEntity<?>>map(ResponseEntity::ok).orElseGet(() -> ApiProblems.trialNotFound(id));
    }
}
