package org.regenregistry.server.outcomes;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import org.regenregistry.profiles.FhirIds;
import org.regenregistry.server.security.SecuritySettings;
import org.regenregistry.server.system.ApiProblems;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/trials/{id}/outcomes}: a trial's change from baseline per instrument, arm and time point, computed
 * from its subjects' scores, with responders, missing and withdrawn subjects. Group summaries only, public where
 * {@code /api/trials} is, with small cells left out except for regulators and sites.
 */
@RestController
class TrialOutcomesController {

    private final TrialScores scores;
    private final Outcomes outcomes;
    private final SecuritySettings security;

    TrialOutcomesController(TrialScores scores, Outcomes outcomes, SecuritySettings security) {
        this.scores = scores;
        this.outcomes = outcomes;
        this.security = security;
    }

    @Operation(
            summary = "A trial's outcome summaries",
            description = "For each pain and function instrument the trial's subjects were scored on, each arm's"
                    + " change from baseline at 1, 3, 6, 12 and 24 months (n, mean, SD, t-based 95% CI), responders"
                    + " (pain intensity: at least 30% and, on the 0-10 NRS, at least 2 points; at least 50%; the"
                    + " instrument's MCID where one is named) with their share of those analysed, and the subjects"
                    + " enrolled, expected, missing and withdrawn. Day 0 is the subject's start in the trial; the"
                    + " baseline is the last score from 30 days before to 7 days after it; a time point takes the"
                    + " score nearest its target day within its window. 'current' is false while a change waits to"
                    + " be summarised (seconds). Counts above zero and below the small-cell threshold, and changes"
                    + " over fewer subjects, are null with 'suppressed' except for regulators and sites. A trial"
                    + " without subjects' scores gives the changes from baseline it registered (source 'registered':"
                    + " n, mean, SD as reported, no responders); all its registered results are at"
                    + " /api/trials/{id}/results.")
    @ApiResponse(responseCode = "200", description = "The summaries; no instruments when there is nothing to summarise")
    @ApiResponse(
            responseCode = "400",
            description = "Not a FHIR id",
            content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(
            responseCode = "404",
            description = "No such trial",
            content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping(path = "/api/trials/{id}/outcomes", produces = "application/json")
    ResponseEntity<?> outcomes(@PathVariable String id, HttpServletRequest request) {
        if (!FhirIds.isId(id)) {
            return ApiProblems.badTrialId(id);
        }
        if (scores.study(id).isEmpty()) {
            return ApiProblems.trialNotFound(id);
        }
        return ResponseEntity.ok(outcomes.ofTrial(id, security.smallCellThresholdFor(request)));
    }
}
