package org.regenregistry.server.ehr;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import org.regenregistry.ehr.site.EhrFlavour;
import org.regenregistry.ehr.sync.SiteSpec;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The admin API of EHR sync: the configured sites, starting a site's sync, and the history of sync runs with what
 * each read, created, updated, skipped and failed, and why. (Not yet behind authentication, like the other admin
 * endpoints.)
 */
@RestController
class EhrSyncController {

    private static final int MAX_RUNS = 100;

    private final EhrSettings settings;
    private final SiteSyncRunner runner;
    private final SyncRuns runs;

    EhrSyncController(EhrSettings settings, SiteSyncRunner runner, SyncRuns runs) {
        this.settings = settings;
        this.runner = runner;
        this.runs = runs;
    }

    @Operation(summary = "The configured EHR sites and each one's latest sync run")
    @GetMapping(path = "/api/ehr/sites", produces = "application/json")
    List<SiteView> sites() {
        return settings.sites().entrySet().stream()
                .map(entry -> new SiteView(
                        entry.getKey(),
                        entry.getValue().fhirBaseUrl(),
                        entry.getValue().flavour(),
                        entry.getValue().mode(),
                        entry.getValue().method(),
                        entry.getValue().interval(),
                        runs.latest(entry.getKey(), 1).stream().findFirst().orElse(null)))
                .toList();
    }

    @Operation(summary = "Starts a sync of the site; 409 while one is running (on any registry instance)")
    @ApiResponse(responseCode = "409", content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
    @PostMapping(path = "/api/ehr/sites/{site}/runs", produces = "application/json")
    ResponseEntity<SyncRun> start(@PathVariable String site) {
        requireSite(site);
        return runner.start(site, SyncRun.Trigger.API)
                .map(run ->
                        ResponseEntity.accepted().location(runUri(run.runId())).body(run))
                .orElseThrow(() -> new IllegalStateException("A sync of " + site + " is running"));
    }

    @Operation(summary = "The site's latest sync runs, newest first")
    @GetMapping(path = "/api/ehr/sites/{site}/runs", produces = "application/json")
    List<SyncRun> siteRuns(@PathVariable String site, @RequestParam(defaultValue = "20") int limit) {
        requireSite(site);
        if (limit < 1 || limit > MAX_RUNS) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_RUNS);
        }
        return runs.latest(site, limit);
    }

    @Operation(summary = "One sync run with what it skipped or failed, and why")
    @GetMapping(path = "/api/ehr/runs/{runId}", produces = "application/json")
    SyncRun run(@PathVariable String runId) {
        return runs.find(runId).orElseThrow(() -> new NoSuchElementException("No sync run " + runId));
    }

    private void requireSite(String site) {
        if (!settings.sites().containsKey(site)) {
            throw new NoSuchElementException("No EHR site " + site + " is configured");
        }
    }

    private static URI runUri(String runId) {
        return ServletUriComponentsBuilder.fromCurrentContextPath()
                .path("/api/ehr/runs/{id}")
                .buildAndExpand(runId)
                .toUri();
    }

    @ExceptionHandler(NoSuchElementException.class)
    ProblemDetail notFound(NoSuchElementException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(IllegalStateException.class)
    ProblemDetail running(IllegalStateException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badRequest(IllegalArgumentException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    /** A configured site, without its secrets. */
    record SiteView(
            String id,
            URI fhirBaseUrl,
            EhrFlavour flavour,
            SiteSpec.Mode mode,
            SiteSpec.Method method,
            Duration interval,
            SyncRun lastRun) {}
}
