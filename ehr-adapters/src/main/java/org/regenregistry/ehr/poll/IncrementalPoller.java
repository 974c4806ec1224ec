package org.regenregistry.ehr.poll;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.BundleLinkComponent;
import org.hl7.fhir.r4.model.Bundle.SearchEntryMode;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.OperationOutcomeIssueComponent;
import org.hl7.fhir.r4.model.Resource;
import org.regenregistry.ehr.http.FhirTransport;

/**
 * Reads what changed at one EHR site since the last poll, one resource type at a time, with a FHIR search on
 * {@code _lastUpdated} (<a href="https://hl7.org/fhir/R4/search.html#lastUpdated">FHIR R4 search</a>):
 * {@code GET [base]/[type]?[fixed parameters]&_lastUpdated=gt[mark - overlap]&_count=[page size]}, then every
 * {@code Bundle.link} {@code next} (<a href="https://hl7.org/fhir/R4/http.html#paging">paging</a>) to the end. Each
 * page is parsed and handed over before the next is fetched. A {@linkplain #sweep full sweep} omits
 * {@code _lastUpdated}: it reads every resource, for types whose {@code _lastUpdated} misses edits on some EHRs.
 *
 * <p><b>The high-water mark.</b> The new mark is the EHR's time when the poll began: the earlier of the first
 * page's {@code Date} header and its {@code Bundle.meta.lastUpdated} (when the search was executed; a server that
 * caches searches may give an earlier time, which is safe). The registry's clock is never used: it may be
 * ahead of the EHR's, and a mark from the future would skip what the EHR stamps in between. Everything the EHR
 * commits after the first page has a {@code meta.lastUpdated} after the mark, so the next poll finds it, even when
 * the later pages of this poll missed it (an EHR that pages by offset can shift results between pages while they
 * change). What was stamped just before the mark but committed after the search ran is covered by the overlap: the
 * next poll asks from {@code mark - overlap}, and resources read twice are harmless, as the sink is idempotent. The
 * mark is recorded only after the last page was handed over; a poll that fails half-way leaves the old mark, and
 * the next poll reads those pages again. An EHR that tells no time (neither header nor {@code meta.lastUpdated})
 * keeps its old mark, reported as an issue.
 *
 * <p>The mark is kept per site and resource type: poll each type of a site with a single query.
 *
 * <p>A {@code next} link outside the site's FHIR base is refused, so the access token never goes to another host.
 */
public final class IncrementalPoller {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final String FHIR_JSON = "application/fhir+json";

    private final String siteId;
    private final FhirTransport transport;
    private final HighWaterMarks marks;
    private final PollSettings settings;

    public IncrementalPoller(String siteId, FhirTransport transport, HighWaterMarks marks, PollSettings settings) {
        this.siteId = siteId;
        this.transport = transport;
        this.marks = marks;
        this.settings = settings;
    }

    /**
     * Hands over the resources of the query updated since the site's mark for the type (all of them before the
     * first poll), then records the new mark.
     *
     * @throws PollException a page could not be read; the mark was not moved
     * @throws IOException the EHR could not be reached (also {@code SiteUnavailableException}); the mark was not moved
     */
    public PollResult poll(PollQuery query, ResourceSink sink) throws IOException, InterruptedException {
        Optional<Instant> since = marks.get(siteId, query.resourceType())
                .map(mark -> mark.minus(settings.overlap()).truncatedTo(ChronoUnit.SECONDS));
        return read(query, since, sink);
    }

    /** Hands over every resource of the query, whatever the mark, then records the new mark. */
    public PollResult sweep(PollQuery query, ResourceSink sink) throws IOException, InterruptedException {
        return read(query, Optional.empty(), sink);
    }

    private PollResult read(PollQuery query, Optional<Instant> since, ResourceSink sink)
            throws IOException, InterruptedException {
        IParser parser = FHIR.newJsonParser();
        List<PollIssue> issues = new ArrayList<>();
        URI first = firstPage(query, since);
        URI page = first;
        Set<URI> visited = new HashSet<>();
        Optional<Instant> serverTime = Optional.empty();
        int pages = 0;
        int resources = 0;
        int included = 0;
        while (page != null) {
            visited.add(page);
            HttpResponse<String> response = transport.send(
                    HttpRequest.newBuilder(page).header("Accept", FHIR_JSON).GET(),
                    HttpResponse.BodyHandlers.ofString());
            Bundle bundle = bundle(parser, page, response, pages, issues);
            pages++;
            if (pages == 1) {
                serverTime = serverTime(response, bundle);
            }
            for (BundleEntryComponent entry : bundle.getEntry()) {
                Resource resource = entry.getResource();
                SearchEntryMode mode = entry.getSearch().getMode();
                if (mode == SearchEntryMode.OUTCOME || resource instanceof OperationOutcome) {
                    issues.addAll(issuesOf(page, resource));
                } else if (resource == null) {
                    issues.add(new PollIssue(page, "warning", "An entry without a resource: " + entry.getFullUrl()));
                } else if (mode == SearchEntryMode.INCLUDE) {
                    sink.accept(resource, true);
                    included++;
                } else {
                    sink.accept(resource, false);
                    resources++;
                }
            }
            page = nextPage(page, bundle, pages, issues);
            if (visited.contains(page)) {
                issues.add(new PollIssue(page, "fatal", "The next link leads back to a page already read"));
                throw stop(page, pages, "the next links go round in a circle", issues);
            }
        }
        if (serverTime.isPresent()) {
            marks.advance(siteId, query.resourceType(), serverTime.get());
        } else {
            issues.add(new PollIssue(
                    first,
                    "warning",
                    "The EHR sent neither a Date header nor Bundle.meta.lastUpdated; the high-water mark was kept"));
        }
        return new PollResult(
                query.resourceType(), since.isEmpty(), since, serverTime, resources, included, pages, issues);
    }

    private URI firstPage(PollQuery query, Optional<Instant> since) {
        StringJoiner parameters = new StringJoiner("&");
        query.parameters()
                .forEach((name, values) -> values.forEach(value -> parameters.add(encode(name) + "=" + encode(value))));
        since.ifPresent(instant -> parameters.add("_lastUpdated=" + encode("gt" + instant)));
        parameters.add("_count=" + settings.pageSize());
        return URI.create(base() + "/" + query.resourceType() + "?" + parameters);
    }

    private Bundle bundle(
            IParser parser, URI page, HttpResponse<String> response, int pagesRead, List<PollIssue> issues)
            throws PollException {
        if (response.statusCode() != 200) {
            issues.addAll(issuesOf(page, parseQuietly(parser, response.body())));
            throw stop(page, pagesRead, "the EHR answered " + response.statusCode(), issues);
        }
        try {
            return parser.parseResource(Bundle.class, response.body());
        } catch (DataFormatException e) {
            issues.add(new PollIssue(page, "fatal", "Not a FHIR Bundle: " + e.getMessage()));
            throw stop(page, pagesRead, "the page is not a FHIR Bundle", issues);
        }
    }

    private URI nextPage(URI page, Bundle bundle, int pagesRead, List<PollIssue> issues) throws PollException {
        BundleLinkComponent next = bundle.getLink(Bundle.LINK_NEXT);
        if (next == null || !next.hasUrl()) {
            return null;
        }
        URI link;
        try {
            link = URI.create(base() + "/").resolve(next.getUrl()).normalize();
        } catch (IllegalArgumentException e) {
            link = null;
        }
        if (link == null || !liesUnder(link, transport.fhirBase())) {
            issues.add(
                    new PollIssue(page, "fatal", "A next link outside " + base() + " was refused: " + next.getUrl()));
            throw stop(
                    page, pagesRead, "the next link " + next.getUrl() + " lies outside the site's FHIR base", issues);
        }
        return link;
    }

    /** Whether {@code link} has the base's scheme, host and port, and a path at or below the base's path. */
    static boolean liesUnder(URI link, URI base) {
        if (!link.isAbsolute() || link.getRawUserInfo() != null || link.getHost() == null) {
            return false;
        }
        String basePath = base.normalize().getRawPath().replaceAll("/+$", "");
        String linkPath = link.getRawPath() == null ? "" : link.getRawPath();
        return link.getScheme().equalsIgnoreCase(base.getScheme())
                && link.getHost().equalsIgnoreCase(base.getHost())
                && port(link) == port(base)
                && (linkPath.equals(basePath) || linkPath.startsWith(basePath + "/"));
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return uri.getScheme().toLowerCase(Locale.ROOT).equals("https") ? 443 : 80;
    }

    /** The EHR's time when it answered the first page: the earlier of the Date header and Bundle.meta.lastUpdated. */
    private static Optional<Instant> serverTime(HttpResponse<String> response, Bundle bundle) {
        Optional<Instant> date = response.headers().firstValue("Date").flatMap(IncrementalPoller::httpDate);
        Optional<Instant> lastUpdated = bundle.getMeta().hasLastUpdated()
                ? Optional.of(bundle.getMeta().getLastUpdated().toInstant())
                : Optional.empty();
        if (date.isPresent() && lastUpdated.isPresent()) {
            return Optional.of(date.get().isBefore(lastUpdated.get()) ? date.get() : lastUpdated.get());
        }
        return date.isPresent() ? date : lastUpdated;
    }

    private static Optional<Instant> httpDate(String value) {
        try {
            return Optional.of(ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static List<PollIssue> issuesOf(URI page, Resource resource) {
        List<PollIssue> issues = new ArrayList<>();
        if (resource instanceof OperationOutcome) {
            for (OperationOutcomeIssueComponent issue : ((OperationOutcome) resource).getIssue()) {
                String severity = issue.hasSeverity() ? issue.getSeverity().toCode() : "error";
                String text = issue.hasDiagnostics()
                        ? issue.getDiagnostics()
                        : issue.getDetails().getText();
                String code = issue.hasCode() ? issue.getCode().toCode() : "unknown";
                issues.add(new PollIssue(page, severity, code + ": " + text));
            }
        } else if (resource != null) {
            issues.add(new PollIssue(
                    page, "warning", "An outcome entry that is not an OperationOutcome: " + resource.fhirType()));
        }
        return issues;
    }

    private static Resource parseQuietly(IParser parser, String body) {
        try {
            return (Resource) parser.parseResource(body);
        } catch (DataFormatException | ClassCastException notFhir) {
            return null;
        }
    }

    private PollException stop(URI page, int pagesRead, String reason, List<PollIssue> issues) {
        return new PollException(
                page,
                "Polling site " + siteId + " stopped at page " + (pagesRead + 1) + " (" + page + "): " + reason
                        + "; the high-water mark was not moved",
                issues);
    }

    private String base() {
        return transport.fhirBase().toString().replaceAll("/+$", "");
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
