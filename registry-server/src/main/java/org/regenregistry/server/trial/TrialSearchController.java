package org.regenregistry.server.trial;

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
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.regenregistry.search.facet.TrialQueryParameters;
import org.regenregistry.search.facet.TrialSearchResult;
import org.regenregistry.server.indexing.SearchNode;
import org.regenregistry.server.security.SecuritySettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * {@code GET /api/trials}: faceted trial search for researchers, answered from the trial index in one round trip,
 * with a count per value of every facet (each counted with all filters but its own). Each hit links to its FHIR
 * ResearchStudy, the record of truth.
 */
@RestController
class TrialSearchController {

    private static final Logger log = LoggerFactory.getLogger(TrialSearchController.class);

    private final SearchNode node;
    private final SecuritySettings settings;

    TrialSearchController(SearchNode node, SecuritySettings settings) {
        this.node = node;
        this.settings = settings;
    }

    @Operation(
            summary = "Search trials with facet counts",
            description = "Facet parameters take one or more values (repeated or comma-separated); values of one"
                    + " facet are alternatives, facets combine. Every facet in the response is counted with all"
                    + " filters but its own. Unknown parameters are refused. A hit's subject count is left out"
                    + " (null) when it is above zero and below the small-cell threshold, except for regulators and"
                    + " sites.")
    @Parameters({
        @Parameter(
                name = "q",
                in = ParameterIn.QUERY,
                description = "Free text: title, keywords, description," + " sponsor, condition names"),
        @Parameter(
                name = "condition",
                in = ParameterIn.QUERY,
                description = "Condition code (SNOMED CT or" + " ICD-10-CM), e.g. 239873007"),
        @Parameter(
                name = "conditionGroup",
                in = ParameterIn.QUERY,
                description = "Condition group, e.g."
                        + " osteoarthritis, spinal-pain, neuropathic-pain, tendinopathy, fibromyalgia, crps"),
        @Parameter(
                name = "therapyFamily",
                in = ParameterIn.QUERY,
                description =
                        "stem-cell, prp, exosome, gene-therapy, neuromodulation, integrative, other, unclassified"),
        @Parameter(
                name = "therapySubtype",
                in = ParameterIn.QUERY,
                description = "Kind within the family: scs, drg, pns, tms, rtms, tdcs, dbs, tens (neuromodulation),"
                        + " mind-body, acupuncture, manual-therapy, exercise, nutrition (integrative), msc, bmac, svf,"
                        + " chondrocyte, platelet-rich-plasma, platelet-rich-fibrin, viral-vector, non-viral,"
                        + " genome-editing"),
        @Parameter(name = "cellType", in = ParameterIn.QUERY, description = "Cell type of a cell or exosome product"),
        @Parameter(name = "tissueSource", in = ParameterIn.QUERY, description = "Tissue a cell product comes from"),
        @Parameter(name = "donorRelationship", in = ParameterIn.QUERY, description = "autologous or allogeneic"),
        @Parameter(name = "leukocyteClass", in = ParameterIn.QUERY, description = "PRP leukocyte class"),
        @Parameter(name = "vectorType", in = ParameterIn.QUERY, description = "Gene-therapy vector type"),
        @Parameter(
                name = "modality",
                in = ParameterIn.QUERY,
                description = "Neuromodulation device modality: scs, drg, pns, tms, rtms, tdcs, dbs, tens"),
        @Parameter(
                name = "paradigm",
                in = ParameterIn.QUERY,
                description = "Stimulation paradigm, e.g. tonic, burst, high-frequency-10khz, closed-loop"),
        @Parameter(
                name = "implanted",
                in = ParameterIn.QUERY,
                description = "true (an implanted device) or false (non-invasive devices only)"),
        @Parameter(name = "phase", in = ParameterIn.QUERY, description = "Trial phase, e.g. phase-2"),
        @Parameter(name = "status", in = ParameterIn.QUERY, description = "ResearchStudy.status, e.g. active"),
        @Parameter(name = "recruitmentStatus", in = ParameterIn.QUERY, description = "e.g. recruiting"),
        @Parameter(name = "country", in = ParameterIn.QUERY, description = "Site country (ISO 3166 alpha-2)"),
        @Parameter(name = "sex", in = ParameterIn.QUERY, description = "Eligible sex: female, male"),
        @Parameter(name = "hasResults", in = ParameterIn.QUERY, description = "true or false"),
        @Parameter(
                name = "age",
                in = ParameterIn.QUERY,
                description = "An age in years the eligibility range includes"),
        @Parameter(
                name = "near",
                in = ParameterIn.QUERY,
                description = "latitude,longitude,kilometres: a site" + " within that distance"),
        @Parameter(name = "startFrom", in = ParameterIn.QUERY, description = "Start date on or after (YYYY-MM-DD)"),
        @Parameter(name = "startTo", in = ParameterIn.QUERY, description = "Start date on or before (YYYY-MM-DD)"),
        @Parameter(
                name = "sort",
                in = ParameterIn.QUERY,
                description = "relevance (default), startDate," + " -startDate, title, -lastUpdated"),
        @Parameter(name = "page", in = ParameterIn.QUERY, description = "Zero-based page"),
        @Parameter(name = "size", in = ParameterIn.QUERY, description = "Page size, 1 to 100 (default 20)")
    })
    @ApiResponse(responseCode = "200", description = "A page of trials and the facet counts")
    @ApiResponse(
            responseCode = "400",
            description = "A parameter is unknown or malformed",
            content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(
            responseCode = "503",
            description = "The trial index is unavailable",
            content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping(path = "/api/trials", produces = "application/json")
    TrialSearchPage search(
            @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> parameters,
            HttpServletRequest request)
            throws IOException {
        TrialSearchResult result = node.search().search(TrialQueryParameters.parse(parameters));
        int threshold = settings.smallCellThresholdFor(request);
        URI fhirBase = ServletUriComponentsBuilder.fromCurrentContextPath()
                .path("/fhir/ResearchStudy/")
                .build()
                .toUri();
        return new TrialSearchPage(
                result.total(),
                result.page(),
                result.size(),
                result.hits().stream()
                        .map(hit -> hit.withSubjectsBelow(threshold))
                        .map(hit -> new TrialSearchPage.Hit(hit, fhirBase.resolve(hit.id())))
                        .toList(),
                result.facets());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badParameter(IllegalArgumentException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Bad search parameter");
        return problem;
    }

    @ExceptionHandler({IOException.class, ElasticsearchException.class})
    ProblemDetail indexUnavailable(Exception e) {
        log.warn("Trial search failed: {}", e.toString());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE, "The trial index is unavailable; FHIR search at /fhir still answers");
        problem.setTitle("Trial index unavailable");
        return problem;
    }

    /**
     * The API's answer: {@link TrialSearchResult} with a link from each hit to its FHIR record.
     *
     * @param facets per facet parameter, the count of trials for each value
     */
    record TrialSearchPage(
            long total, int page, int size, List<Hit> hits, Map<String, List<TrialSearchResult.FacetCount>> facets) {

        /** A matching trial and its FHIR ResearchStudy URL. */
        record Hit(TrialSearchResult.Hit trial, URI fhir) {}
    }
}
