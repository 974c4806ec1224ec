package org.regenregistry.server.ctgov;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeMap;
import org.regenregistry.ctgov.CtgovApi;
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
 * The admin API of ClinicalTrials.gov imports: start one (an upload, a file or folder in the import directory, or a
 * search of the ClinicalTrials.gov API),
 * follow its progress, read what it refused and why. An import answers 202 at once and runs in the background.
 */
@RestController
class CtgovImportController {

    private static final String NDJSON = "application/x-ndjson";
    private static final int MAX_RUNS = 100;

    private final CtgovSettings settings;
    private final CtgovImporter importer;
    private final ImportRuns runs;

    CtgovImportController(CtgovSettings settings, CtgovImporter importer, ImportRuns runs) {
        this.settings = settings;
        this.importer = importer;
        this.runs = runs;
    }

    @Operation(
            summary =
                    "Imports the ClinicalTrials.gov records in the body: a study, an array of studies or a search page"
                            + " (application/json), or one study per line (application/x-ndjson)")
    @ApiResponse(responseCode = "202", description = "The import started; Location is its run")
    @ApiResponse(responseCode = "413", content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
    @ApiResponse(responseCode = "503", content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
    @PostMapping(
            path = "/api/imports/ctgov",
            consumes = {"application/json", NDJSON},
            produces = "application/json")
    ResponseEntity<ImportRun> upload(HttpServletRequest request) throws IOException {
        boolean ndjson = request.getContentType().toLowerCase(Locale.ROOT).startsWith(NDJSON);
        Path upload = Files.createTempFile("ctgov-import-", ndjson ? ".ndjson" : ".json");
        try {
            copy(request.getInputStream(), upload);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(upload);
            throw e;
        }
        String name = ndjson ? "upload.ndjson" : "upload.json";
        return started(
                importer.start(name + " (" + Files.size(upload) + " bytes)", CtgovImporter.upload(upload, name)));
    }

    @Operation(summary = "Imports a file or folder (its .json, .ndjson and .jsonl files) of the import directory")
    @ApiResponse(responseCode = "202", description = "The import started; Location is its run")
    @ApiResponse(responseCode = "400", content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
    @PostMapping(path = "/api/imports/ctgov", params = "path", produces = "application/json")
    ResponseEntity<ImportRun> fromDirectory(@RequestParam String path) {
        if (settings.importDirectory() == null) {
            throw new IllegalArgumentException("No import directory is configured (registry.ctgov.import-directory)");
        }
        Path base = settings.importDirectory().toAbsolutePath().normalize();
        Path named = base.resolve(path).normalize();
        if (!named.startsWith(base) || !Files.exists(named)) {
            throw new IllegalArgumentException("No file or folder " + path + " in the import directory");
        }
        return started(importer.start(base.relativize(named).toString(), CtgovImporter.path(named)));
    }

    @Operation(
            summary = "Imports what a search of the ClinicalTrials.gov API finds, page by page: the query string is the"
                    + " API's own (query.cond, query.intr, filter.overallStatus, ...)")
    @ApiResponse(responseCode = "202", description = "The import started; Location is its run")
    @ApiResponse(responseCode = "400", content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
    @PostMapping(path = "/api/imports/ctgov/search", produces = "application/json")
    ResponseEntity<ImportRun> search(@RequestParam Map<String, String> parameters) {
        CtgovApi.requireSearch(parameters);
        String query = new TreeMap<>(parameters).toString();
        return started(importer.start(
                "search " + query,
                CtgovImporter.search(new CtgovApi(settings.apiUrl(), settings.apiInterval()), parameters)));
    }

    @Operation(summary = "The latest imports, newest first")
    @GetMapping(path = "/api/imports/ctgov", produces = "application/json")
    List<ImportRun> latest(@RequestParam(defaultValue = "20") int limit) {
        if (limit < 1 || limit > MAX_RUNS) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_RUNS);
        }
        return runs.latest(limit);
    }

    @Operation(summary = "One import: its progress, and the records it refused or could not classify, and why")
    @GetMapping(path = "/api/imports/ctgov/{runId}", produces = "application/json")
    ImportRun run(@PathVariable String runId) {
        return runs.find(runId).orElseThrow(() -> new NoSuchElementException("No import " + runId));
    }

    private void copy(InputStream body, Path upload) throws IOException {
        long limit = settings.maxUpload().toBytes();
        long copied = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(upload)) {
            for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                copied += n;
                if (copied > limit) {
                    throw new UploadTooLarge(limit);
                }
                out.write(buffer, 0, n);
            }
        }
    }

    private static ResponseEntity<ImportRun> started(Optional<ImportRun> run) {
        return run.map(started -> ResponseEntity.accepted()
                        .location(runUri(started.runId()))
                        .body(started))
                .orElseThrow(() -> new IllegalStateException(
                        CtgovImporter.QUEUED + " imports are waiting already; try again when one has finished"));
    }

    private static URI runUri(String runId) {
        return ServletUriComponentsBuilder.fromCurrentContextPath()
                .path("/api/imports/ctgov/{id}")
                .buildAndExpand(runId)
                .toUri();
    }

    @ExceptionHandler(NoSuchElementException.class)
    ProblemDetail notFound(NoSuchElementException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badRequest(IllegalArgumentException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(IllegalStateException.class)
    ResponseEntity<ProblemDetail> busy(IllegalStateException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header("Retry-After", "60")
                .body(ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage()));
    }

    @ExceptionHandler(UploadTooLarge.class)
    ProblemDetail tooLarge(UploadTooLarge e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE, e.getMessage());
    }

    /** An upload over {@link CtgovSettings#maxUpload()}. */
    static final class UploadTooLarge extends RuntimeException {

        UploadTooLarge(long limit) {
            super("The upload is larger than " + limit + " bytes (registry.ctgov.max-upload)");
        }
    }
}
