package org.regenregistry.ehr.bulk;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.regenregistry.ehr.bulk.BulkExportManifest.OutputFile;
import org.regenregistry.ehr.http.FhirTransport;
import org.regenregistry.ehr.http.Sleeper;

/**
 * A FHIR Bulk Data export client for one EHR site
 * (<a href="https://hl7.org/fhir/uv/bulkdata/STU2/export.html">Bulk Data Access STU2, $export</a>): kicks the export
 * off, polls its status URL as the EHR asks ({@code Retry-After}, {@code X-Progress}) until the manifest is ready,
 * streams every NDJSON file line by line into a {@link ResourceSink}, reads the error files, and finally deletes the
 * export on the EHR. Requests go through the site's {@link FhirTransport}, so they carry its access token; files whose
 * manifest says they need no token are fetched without it, and no token is ever sent to another host.
 */
public final class BulkExportClient {

    private static final System.Logger LOG = System.getLogger(BulkExportClient.class.getName());
    private static final int MAX_ERROR_BODY = 4096;

    private final FhirTransport transport;
    private final HttpClient http;
    private final BulkExportSettings settings;
    private final Clock clock;
    private final Sleeper sleeper;

    /**
     * @param transport the site's authenticated transport
     * @param http a plain client for files that need no access token
     */
    public BulkExportClient(FhirTransport transport, HttpClient http, BulkExportSettings settings) {
        this(transport, http, settings, Clock.systemUTC(), Sleeper.system());
    }

    BulkExportClient(
            FhirTransport transport, HttpClient http, BulkExportSettings settings, Clock clock, Sleeper sleeper) {
        this.transport = transport;
        this.http = http;
        this.settings = settings;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /**
     * Runs one export to its end and delivers its resources to {@code sink}.
     *
     * @param progress told each {@code X-Progress} the EHR reports while the export runs
     * @throws IllegalArgumentException if the site does not offer the request's level; nothing was sent
     * @throws BulkExportException if the export failed, outran the deadline or the sink stopped it
     */
    public BulkExportResult export(BulkExportRequest request, ResourceSink sink, Consumer<String> progress)
            throws IOException, InterruptedException {
        request.requireLevelIn(settings.allowedLevels());
        Instant deadline = clock.instant().plus(settings.deadline());
        URI status = kickOff(request);
        BulkExportManifest manifest = awaitManifest(status, deadline, progress);
        BulkExportResult result = download(manifest, sink);
        delete(status);
        return result;
    }

    private URI kickOff(BulkExportRequest request) throws IOException, InterruptedException {
        URI uri = request.kickOffUri(transport.fhirBase());
        HttpResponse<String> response = transport.send(
                HttpRequest.newBuilder(uri)
                        .header("Accept", "application/fhir+json")
                        .header("Prefer", "respond-async")
                        .GET(),
                BodyHandlers.ofString());
        if (response.statusCode() != 202) {
            throw new BulkExportException("The EHR refused the export " + uri + ": "
                    + OperationOutcomes.describe(response.statusCode(), response.body()));
        }
        String location = response.headers()
                .firstValue("Content-Location")
                .orElseThrow(() -> new BulkExportException(
                        "The EHR accepted the export " + uri + " but sent no Content-Location"));
        URI status;
        try {
            status = uri.resolve(location.trim());
        } catch (IllegalArgumentException notAUri) {
            throw new BulkExportException("The export's Content-Location is not a URL: " + location);
        }
        if (!onSiteHost(status)) {
            throw new BulkExportException("The export's status URL " + status + " is not on the site's host "
                    + transport.fhirBase() + "; refused");
        }
        return status;
    }

    private BulkExportManifest awaitManifest(URI status, Instant deadline, Consumer<String> progress)
            throws IOException, InterruptedException {
        while (true) {
            HttpResponse<String> response = transport.send(
                    HttpRequest.newBuilder(status)
                            .header("Accept", "application/json")
                            .GET(),
                    BodyHandlers.ofString());
            int code = response.statusCode();
            if (code == 200) {
                return BulkExportManifest.parse(response.body());
            }
            if (code == 202) {
                response.headers().firstValue("X-Progress").ifPresent(progress);
            } else if (code != 429 && !(code >= 500 && OperationOutcomes.isTransient(response.body()))) {
                throw new BulkExportException(
                        "The export at " + status + " failed: " + OperationOutcomes.describe(code, response.body()));
            }
            Instant now = clock.instant();
            Duration wait = PollWait.of(
                    response.headers().firstValue("Retry-After").orElse(null),
                    now,
                    settings.defaultPollInterval(),
                    settings.maxPollWait());
            if (now.plus(wait).isAfter(deadline)) {
                delete(status);
                throw new BulkExportException("The export at " + status + " did not complete within "
                        + settings.deadline() + "; it was cancelled");
            }
            sleeper.sleep(wait);
        }
    }

    private BulkExportResult download(BulkExportManifest manifest, ResourceSink sink)
            throws IOException, InterruptedException {
        boolean withToken = manifest.requiresAccessToken();
        if (withToken) {
            for (OutputFile file : concat(manifest.output(), manifest.error())) {
                if (!onSiteHost(file.url())) {
                    throw new BulkExportException("The export file " + file.url()
                            + " needs the access token but is not on the site's host; refused");
                }
            }
        }
        NdjsonReader reader = new NdjsonReader();
        Map<String, Long> resourcesPerType = new LinkedHashMap<>();
        List<SkippedLine> skipped = new ArrayList<>();
        Consumer<SkippedLine> skip = line -> {
            LOG.log(
                    Level.WARNING,
                    () -> "Skipped line " + line.lineNumber() + " of " + line.file() + ": " + line.reason());
            skipped.add(line);
        };
        for (OutputFile file : manifest.output()) {
            long delivered =
                    fetch(file.url(), withToken, body -> reader.read(body, file.url(), file.type(), sink, skip));
            resourcesPerType.merge(file.type(), delivered, Long::sum);
        }
        List<ExportIssue> errors = new ArrayList<>();
        for (OutputFile file : manifest.error()) {
            ResourceSink report = outcome -> report(file.url(), (OperationOutcome) outcome, errors);
            fetch(file.url(), withToken, body -> reader.read(body, file.url(), "OperationOutcome", report, skip));
        }
        return new BulkExportResult(manifest.transactionTime(), resourcesPerType, skipped, errors);
    }

    private static void report(URI file, OperationOutcome outcome, List<ExportIssue> errors) {
        for (ExportIssue issue : OperationOutcomes.issues(file, outcome)) {
            LOG.log(Level.WARNING, () -> "The EHR could not export: " + issue);
            errors.add(issue);
        }
    }

    private long fetch(URI url, boolean withToken, BodyReader reader) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .header("Accept", "application/fhir+ndjson")
                .GET();
        HttpResponse<InputStream> response = withToken
                ? transport.send(request, BodyHandlers.ofInputStream())
                : http.send(request.timeout(settings.downloadTimeout()).build(), BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                String start = new String(body.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
                throw new BulkExportException("The export file " + url + " could not be fetched: "
                        + OperationOutcomes.describe(response.statusCode(), start));
            }
            return reader.read(body);
        }
    }

    /** Asks the EHR to delete the export's files (or to cancel it); a failure is only logged. */
    private void delete(URI status) throws InterruptedException {
        try {
            HttpResponse<String> response =
                    transport.send(HttpRequest.newBuilder(status).DELETE(), BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                LOG.log(
                        Level.WARNING,
                        () -> "Deleting the export at " + status + " answered "
                                + OperationOutcomes.describe(response.statusCode(), response.body()));
            }
        } catch (IOException failed) {
            LOG.log(Level.WARNING, () -> "Deleting the export at " + status + " failed: " + failed.getMessage());
        }
    }

    private boolean onSiteHost(URI url) {
        URI base = transport.fhirBase();
        return url.getScheme() != null
                && url.getHost() != null
                && url.getScheme().equalsIgnoreCase(base.getScheme())
                && url.getHost().equalsIgnoreCase(base.getHost())
                && port(url) == port(base);
    }

    private static int port(URI url) {
        if (url.getPort() != -1) {
            return url.getPort();
        }
        return "https".equals(url.getScheme().toLowerCase(Locale.ROOT)) ? 443 : 80;
    }

    private static List<OutputFile> concat(List<OutputFile> first, List<OutputFile> second) {
        List<OutputFile> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    @FunctionalInterface
    private interface BodyReader {
        long read(InputStream body) throws IOException, InterruptedException;
    }
}
