package org.regenregistry.server.outcomes;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.Parameters;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.regenregistry.server.security.SecuritySettings;
import org.regenregistry.statistics.RandomEffects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/analysis}: the pooled analysis of the trials a search finds, at one time point, as data
 * ({@code application/json}) or as a forest plot ({@code /api/analysis/forest.svg}, {@code .png}). Trial-level
 * summaries only, public where {@code /api/trials} is; arms analysing fewer subjects than the small-cell threshold
 * are left out except for regulators and sites.
 */
@RestController
class AnalysisController {

    private static final Logger log = LoggerFactory.getLogger(AnalysisController.class);

    private final OutcomeAnalysis analysis;
    private final SecuritySettings security;

    AnalysisController(OutcomeAnalysis analysis, SecuritySettings security) {
        this.analysis = analysis;
        this.security = security;
    }

    /**
     * The answer: the query as understood, and the analysis.
     *
     * @param query the analysis parameters in force
     * @param trialsFound how many trials the search found
     * @param analysis the pooled estimate (or why there is none), the comparisons, the single-arm trials, the rest
     */
    record AnalysisAnswer(Map<String, Object> query, long trialsFound, PooledAnalysis.Result analysis) {}

    @Operation(
            summary = "Pooled analysis of outcomes across trials",
            description = "The trials /api/trials would find with the same filters, their controlled comparisons"
                    + " (experimental arms vs placebo, sham or no-intervention arms, else active comparators) of"
                    + " the change from baseline at the time point, pooled with a random-effects model:"
                    + " DerSimonian-Laird tau² (or REML), Hartung-Knapp-Sidik-Jonkman 95% interval (or Wald), the"
                    + " 95% prediction interval (t with k-2 df), tau², I², Q and each trial's estimate, interval and"
                    + " weight. Negative effects favour the intervention. Single-arm trials' changes are listed"
                    + " apart, never pooled. Fewer than 3 comparisons: no pooled estimate, only the trials.")
    @Parameters({
        @Parameter(name = "outcome", in = ParameterIn.QUERY, description = "pain (default) or function"),
        @Parameter(
                name = "timepoint",
                in = ParameterIn.QUERY,
                description = "1mo, 3mo, 6mo (default), 12mo or 24mo from each subject's start"),
        @Parameter(
                name = "effect",
                in = ParameterIn.QUERY,
                description = "md (mean difference, one instrument) or smd (Hedges' g); default md when every"
                        + " trial used the same instrument, else smd"),
        @Parameter(
                name = "instrument",
                in = ParameterIn.QUERY,
                description = "For md: the instrument code (e.g. 72514-3, the 0-10 NRS); default the one most"
                        + " trials measured"),
        @Parameter(name = "tau2", in = ParameterIn.QUERY, description = "dl (default) or reml"),
        @Parameter(name = "interval", in = ParameterIn.QUERY, description = "hksj (default) or wald"),
        @Parameter(
                name = "therapyFamily",
                in = ParameterIn.QUERY,
                description = "Any filter of /api/trials: therapyFamily, conditionGroup, condition, phase, ..."),
    })
    @ApiResponse(responseCode = "200", description = "The analysis")
    @ApiResponse(
            responseCode = "400",
            description = "A parameter is unknown or malformed, or the search finds too many trials",
            content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(
            responseCode = "503",
            description = "The trial index is unavailable",
            content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping(path = "/api/analysis", produces = MediaType.APPLICATION_JSON_VALUE)
    AnalysisAnswer analyse(
            @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> parameters,
            HttpServletRequest request)
            throws IOException {
        AnalysisRequest query = AnalysisRequest.parse(parameters);
        OutcomeAnalysis.Answer answer = analysis.run(query, security.smallCellThresholdFor(request));
        return new AnalysisAnswer(understood(query, answer.analysis()), answer.trialsFound(), answer.analysis());
    }

    @Operation(summary = "The forest plot of a pooled analysis, as SVG", description = "Parameters as /api/analysis")
    @GetMapping(path = "/api/analysis/forest.svg", produces = "image/svg+xml")
    ResponseEntity<String> forestSvg(
            @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> parameters,
            HttpServletRequest request)
            throws IOException {
        return ResponseEntity.ok()
                .contentType(MediaType.valueOf("image/svg+xml"))
                .body(plot(parameters, request).svg());
    }

    @Operation(summary = "The forest plot of a pooled analysis, as PNG", description = "Parameters as /api/analysis")
    @GetMapping(path = "/api/analysis/forest.png", produces = MediaType.IMAGE_PNG_VALUE)
    ResponseEntity<byte[]> forestPng(
            @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> parameters,
            HttpServletRequest request)
            throws IOException {
        return ResponseEntity.ok()
                .contentType(MediaType.IMAGE_PNG)
                .body(plot(parameters, request).png());
    }

    private ForestPlot plot(MultiValueMap<String, String> parameters, HttpServletRequest request) throws IOException {
        PooledAnalysis.Result result = analysis.run(
                        AnalysisRequest.parse(parameters), security.smallCellThresholdFor(request))
                .analysis();
        return new ForestPlot(result, effectLabel(result));
    }

    /** The label of a plot's effect axis. */
    static String effectLabel(PooledAnalysis.Result result) {
        return result.measure() == PooledAnalysis.Measure.MD
                ? "Mean difference in change, " + result.instrumentName()
                : "Standardised mean difference (Hedges' g)";
    }

    private static Map<String, Object> understood(AnalysisRequest query, PooledAnalysis.Result result) {
        Map<String, Object> understood = new LinkedHashMap<>();
        understood.put("outcome", query.outcome());
        understood.put("timepoint", query.timePoint());
        understood.put("effect", result.measure().name().toLowerCase(Locale.ROOT));
        understood.put("instrument", result.instrument());
        understood.put("tau2", query.tau2() == RandomEffects.Tau2.REML ? "reml" : "dl");
        understood.put("interval", query.test() == RandomEffects.IntervalMethod.HARTUNG_KNAPP ? "hksj" : "wald");
        return understood;
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badParameter(IllegalArgumentException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Bad analysis parameter");
        return problem;
    }

    @ExceptionHandler({IOException.class, ElasticsearchException.class})
    ProblemDetail indexUnavailable(Exception e) {
        log.warn("Analysis failed: {}", e.toString());
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, "The trial index is unavailable");
        problem.setTitle("Trial index unavailable");
        return problem;
    }
}
