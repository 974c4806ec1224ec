package org.regenregistry.ctgov;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Searches the ClinicalTrials.gov API v2 ({@code GET /studies}) and hands on every study of every page, following
 * {@code nextPageToken}. It keeps to ClinicalTrials.gov's rate limit (about 50 requests a minute per client) by
 * spacing its requests, and waits as {@code Retry-After} says when answered 429 or 503 (up to {@value #ATTEMPTS}
 * attempts a page); any other error ends the search with the status and ClinicalTrials.gov's message.
 *
 * @see <a href="https://clinicaltrials.gov/data-api/api">ClinicalTrials.gov API v2</a>
 */
public final class CtgovApi {

    /** The public API. */
    public static final URI CLINICALTRIALS_GOV = URI.create("https://clinicaltrials.gov/api/v2");

    /** The parameters a search may carry: the API's query, filter and post-filter areas, and its sort. */
    private static final Pattern SEARCH_PARAMETER =
            Pattern.compile("(query|filter|postFilter)\\.[A-Za-z]+|aggFilters|geoDecay|sort");

    private static final int PAGE_SIZE = 100;
    private static final int ATTEMPTS = 5;
    private static final Duration LONGEST_WAIT = Duration.ofMinutes(2);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final Duration interval;
    private final HttpClient http;
    private long lastRequest;

    /**
     * @param base the API's base URL, such as {@link #CLINICALTRIALS_GOV}
     * @param interval the least time between two requests
     */
    public CtgovApi(URI base, Duration interval) {
        this.base = base;
        this.interval = interval;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /**
     * Checks a search's parameters before it starts.
     *
     * @throws IllegalArgumentException naming a parameter the API's study search does not take
     */
    public static void requireSearch(Map<String, String> parameters) {
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("A search needs at least one query.* or filter.* parameter");
        }
        parameters.keySet().stream()
                .filter(name -> !SEARCH_PARAMETER.matcher(name).matches())
                .findFirst()
                .ifPresent(name -> {
                    throw new IllegalArgumentException("'" + name + "' is not a ClinicalTrials.gov search parameter"
                            + " (query.*, filter.*, postFilter.*, aggFilters, geoDecay, sort)");
                });
    }

    /** Hands on every study {@code parameters} finds, page by page; the source of each is its page and position. */
    public void search(Map<String, String> parameters, Consumer<StudyRecords.Item> each)
            throws IOException, InterruptedException {
        requireSearch(parameters);
        Map<String, String> query = new TreeMap<>(parameters);
        query.put("format", "json");
        query.put("pageSize", Integer.toString(PAGE_SIZE));
        String token = null;
        int page = 0;
        do {
            page++;
            if (token != null) {
                query.put("pageToken", token);
            }
            JsonNode answer = get(URI.create(base + "/studies?" + encode(query)));
            JsonNode studies = answer.path("studies");
            for (int i = 0; i < studies.size(); i++) {
                JsonNode study = studies.get(i);
                String source = "page " + page + " #" + (i + 1);
                each.accept(
                        study.path("protocolSection").isObject()
                                ? new StudyRecords.Item(source, study, null)
                                : new StudyRecords.Item(
                                        source, null, "not a ClinicalTrials.gov study record (no protocolSection)"));
            }
            token = answer.path("nextPageToken").isTextual()
                    ? answer.path("nextPageToken").asText()
                    : null;
        } while (token != null);
    }

    private JsonNode get(URI uri) throws IOException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            pace();
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(60))
                            .header("Accept", "application/json")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            int status = response.statusCode();
            if (status == 200) {
                return JSON.readTree(response.body());
            }
            if ((status == 429 || status == 503) && attempt < ATTEMPTS) {
                Thread.sleep(retryAfter(response, attempt).toMillis());
                continue;
            }
            throw new IOException(
                    "ClinicalTrials.gov answered " + status + " to " + uri + ": " + abbreviate(response.body()));
        }
    }

    /** Waits until {@link #interval} has passed since the last request. */
    private void pace() throws InterruptedException {
        long wait = lastRequest + interval.toMillis() - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
        lastRequest = System.currentTimeMillis();
    }

    /** {@code Retry-After} in seconds, else a doubling wait from one interval; never beyond two minutes. */
    private Duration retryAfter(HttpResponse<?> response, int attempt) {
        Duration wait = response.headers()
                .firstValue("Retry-After")
                .filter(value -> value.matches("\\d+"))
                .map(value -> Duration.ofSeconds(Long.parseLong(value)))
                .orElse(interval.multipliedBy(1L << attempt));
        return wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait;
    }

    private static String encode(Map<String, String> query) {
        return query.entrySet().stream()
                .map(entry -> URLEncoder.encode(entry.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String abbreviate(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500);
    }
}
