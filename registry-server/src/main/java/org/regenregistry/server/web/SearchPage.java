package org.regenregistry.server.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.regenregistry.search.facet.Facet;
import org.regenregistry.search.facet.TrialQuery;
import org.regenregistry.search.facet.TrialQueryParameters;
import org.regenregistry.search.facet.TrialSearchResult;
import org.regenregistry.search.trial.ConditionGroups;
import org.regenregistry.server.indexing.SearchNode;
import org.regenregistry.server.security.SecuritySettings;
import org.regenregistry.server.system.Csv;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The search page at {@code /}: the query parameters are those of {@code /api/trials}, so the page's URL is the
 * search (a link reproduces it, back and forward walk through it) and its counts are the API's. The form is a plain GET
 * form; the page script only submits it when a filter changes. {@code /trials.csv} lists every trial of the same
 * search.
 */
@Controller
class SearchPage implements WebPage {

    static final int PAGE_SIZE = 20;

    /** Choices a facet shows before "more": the condition facet alone can have a hundred values. */
    static final int SHOWN_CHOICES = 8;

    /** The API's own page bound; the export pages through the search with it. */
    private static final int EXPORT_PAGE = 100;

    private static final List<Sort> SORTS = List.of(
            new Sort("relevance", "Relevance"),
            new Sort("-startDate", "Start date, newest first"),
            new Sort("startDate", "Start date, oldest first"),
            new Sort("title", "Title"),
            new Sort("-lastUpdated", "Recently updated"));

    private final SearchNode node;
    private final WebSettings settings;
    private final int smallCellThreshold;

    SearchPage(SearchNode node, WebSettings settings, SecuritySettings security) {
        this.node = node;
        this.settings = settings;
        this.smallCellThreshold = security.smallCellThreshold();
    }

    @GetMapping(path = "/", produces = "text/html")
    String search(@RequestParam MultiValueMap<String, String> parameters, Model model) throws IOException {
        MultiValueMap<String, String> state = filled(parameters);
        MultiValueMap<String, String> asked = new LinkedMultiValueMap<>(state);
        asked.putIfAbsent("size", List.of(String.valueOf(PAGE_SIZE)));
        TrialQuery query = TrialQueryParameters.parse(asked);
        TrialSearchResult result = node.search().search(query);
        long pages = Math.max(1, (result.total() + query.size() - 1) / query.size());
        model.addAttribute("q", first(state, "q"));
        model.addAttribute("age", first(state, "age"));
        model.addAttribute("near", first(state, "near"));
        model.addAttribute("startFrom", first(state, "startFrom"));
        model.addAttribute("startTo", first(state, "startTo"));
        model.addAttribute("sort", query.sort().parameter());
        model.addAttribute("sorts", SORTS);
        model.addAttribute("suggestions", ConditionGroups.registry().names());
        model.addAttribute("facets", facets(state, result));
        model.addAttribute("chosen", chosen(state));
        model.addAttribute("total", result.total());
        model.addAttribute("page", query.page());
        model.addAttribute("pages", pages);
        model.addAttribute("previous", query.page() > 0 ? link("/", state, Map.of("page", query.page() - 1)) : null);
        model.addAttribute(
                "next", query.page() + 1 < pages ? link("/", state, Map.of("page", query.page() + 1)) : null);
        model.addAttribute(
                "cards",
                result.hits().stream()
                        .map(hit -> Card.of(hit.withSubjectsBelow(smallCellThreshold)))
                        .toList());
        state.remove("page");
        model.addAttribute("csv", link("/trials.csv", state, Map.of()));
        model.addAttribute("api", link("/api/trials", state, Map.of()));
        MultiValueMap<String, String> filters = new LinkedMultiValueMap<>(state);
        filters.remove("sort");
        filters.remove("size");
        model.addAttribute("analysis", link("/analysis", filters, Map.of()));
        return "search";
    }

    @GetMapping(path = "/trials.csv", produces = "text/csv")
    void export(@RequestParam MultiValueMap<String, String> parameters, HttpServletResponse response)
            throws IOException {
        MultiValueMap<String, String> state = filled(parameters);
        state.remove("page");
        state.set("size", String.valueOf(EXPORT_PAGE));
        List<TrialSearchResult.Hit> hits = new ArrayList<>();
        TrialSearchResult result = node.search().search(TrialQueryParameters.parse(state));
        if (result.total() > settings.exportLimit()) {
            throw new IllegalArgumentException("The search matches " + result.total() + " trials; an export lists at"
                    + " most " + settings.exportLimit() + ": narrow the search with a filter");
        }
        hits.addAll(result.hits());
        for (int page = 1; hits.size() < result.total() && !result.hits().isEmpty(); page++) {
            state.set("page", String.valueOf(page));
            result = node.search().search(TrialQueryParameters.parse(state));
            hits.addAll(result.hits());
        }
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"trials.csv\"");
        String base = ServletUriComponentsBuilder.fromCurrentContextPath()
                .path("/trials/")
                .build()
                .toUriString();
        try (PrintWriter out = new PrintWriter(response.getOutputStream(), false, StandardCharsets.UTF_8)) {
            out.print(Csv.row(List.of(
                    "id",
                    "title",
                    "therapy",
                    "kind of therapy",
                    "conditions",
                    "phase",
                    "status",
                    "recruitment",
                    "sponsor",
                    "start",
                    "end",
                    "planned enrolment",
                    "sites",
                    "countries",
                    "has results",
                    "url")));
            for (TrialSearchResult.Hit hit : hits) {
                out.print(Csv.row(List.of(
                        hit.id(),
                        spreadsheetSafe(hit.title()),
                        Labels.codes(hit.therapyFamilies()),
                        Labels.codes(hit.therapySubtypes()),
                        String.join("; ", hit.conditions()),
                        Labels.code(hit.phase()),
                        Labels.code(hit.status()),
                        Labels.code(hit.recruitmentStatus()),
                        spreadsheetSafe(hit.sponsor()),
                        hit.startDate() == null ? "" : hit.startDate().toString(),
                        hit.endDate() == null ? "" : hit.endDate().toString(),
                        hit.targetEnrollment() == null
                                ? ""
                                : hit.targetEnrollment().toString(),
                        String.valueOf(hit.sites()),
                        String.join(" ", hit.countries()),
                        hit.hasResults() ? "yes" : "no",
                        base + hit.id())));
            }
        }
        response.flushBuffer();
    }

    /** The parameters with values, blank form fields dropped (an empty age box is no filter). */
    static MultiValueMap<String, String> filled(MultiValueMap<String, String> parameters) {
        MultiValueMap<String, String> filled = new LinkedMultiValueMap<>();
        parameters.forEach((name, values) -> values.stream()
                .filter(value -> value != null && !value.isBlank())
                .forEach(value -> filled.add(name, value.trim())));
        return filled;
    }

    /** A link to {@code path} with the search's state, some parameters replaced. */
    static String link(String path, MultiValueMap<String, String> state, Map<String, Object> replaced) {
        UriComponentsBuilder link = UriComponentsBuilder.fromPath(path).queryParams(state);
        replaced.forEach(link::replaceQueryParam);
        return link.encode().build().toUriString();
    }

    private static List<FacetView> facets(MultiValueMap<String, String> state, TrialSearchResult result) {
        List<FacetView> views = new ArrayList<>();
        Labels.HEADINGS.forEach((facet, heading) -> {
            Set<String> picked = picked(state, facet);
            Map<String, Choice> choices = new LinkedHashMap<>();
            for (TrialSearchResult.FacetCount count : result.facets().getOrDefault(facet.parameter(), List.of())) {
                choices.put(
                        count.value(),
                        new Choice(
                                count.value(),
                                Labels.value(facet, count.value(), count.label()),
                                count.count(),
                                picked.contains(count.value())));
            }
            picked.stream()
                    .filter(value -> !choices.containsKey(value))
                    .forEach(value -> choices.put(value, new Choice(value, Labels.value(facet, value, null), 0, true)));
            if (!choices.isEmpty()) {
                List<Choice> all = List.copyOf(choices.values());
                List<Choice> shown = new ArrayList<>();
                List<Choice> more = new ArrayList<>();
                for (int i = 0; i < all.size(); i++) {
                    (i < SHOWN_CHOICES || all.get(i).picked() ? shown : more).add(all.get(i));
                }
                views.add(new FacetView(facet.parameter(), heading, shown, more));
            }
        });
        return views;
    }

    /** The filters in force, each with the link that drops it. */
    private static List<Chosen> chosen(MultiValueMap<String, String> state) {
        List<Chosen> chosen = new ArrayList<>();
        for (Facet facet : Labels.HEADINGS.keySet()) {
            for (String value : picked(state, facet)) {
                MultiValueMap<String, String> without = new LinkedMultiValueMap<>(state);
                without.remove("page");
                List<String> rest = picked(state, facet).stream()
                        .filter(other -> !other.equals(value))
                        .toList();
                without.remove(facet.parameter());
                if (!rest.isEmpty()) {
                    without.put(facet.parameter(), rest);
                }
                chosen.add(new Chosen(
                        Labels.HEADINGS.get(facet) + ": " + Labels.value(facet, value, null),
                        link("/", without, Map.of())));
            }
        }
        return chosen;
    }

    private static Set<String> picked(MultiValueMap<String, String> state, Facet facet) {
        return TrialQueryParameters.values(state, facet.parameter());
    }

    static String first(MultiValueMap<String, String> state, String name) {
        return state.getFirst(name);
    }

    /**
     * A text a spreadsheet will not run: one starting with {@code = + - @} or a tab is a formula to Excel and
     * LibreOffice, so it gets a leading apostrophe (<a href="https://owasp.org/www-community/attacks/CSV_Injection">
     * OWASP CSV injection</a>).
     */
    static String spreadsheetSafe(String value) {
        if (value == null) {
            return "";
        }
        return !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }

    /** A sort the page offers. */
    record Sort(String value, String label) {}

    /** A facet and its choices, as the side bar shows them: the most frequent and the picked, then the rest folded. */
    record FacetView(String parameter, String heading, List<Choice> choices, List<Choice> more) {}

    /** A value of a facet: how many trials it gives with the other filters, and whether it is picked. */
    record Choice(String value, String label, long count, boolean picked) {}

    /** A filter in force and the link without it. */
    record Chosen(String label, String without) {}

    /** A result card. */
    record Card(
            String id,
            String title,
            String therapy,
            String conditions,
            String phase,
            String status,
            String recruitment,
            int sites,
            String countries,
            Integer enrolment,
            Integer subjects,
            String start,
            String end,
            String sponsor,
            boolean hasResults) {

        static Card of(TrialSearchResult.Hit hit) {
            return new Card(
                    hit.id(),
                    hit.title(),
                    TrialFacts.therapy(hit.therapyFamilies(), hit.therapySubtypes()),
                    String.join("; ", hit.conditions()),
                    Labels.code(hit.phase()),
                    Labels.code(hit.status()),
                    Labels.code(hit.recruitmentStatus()),
                    hit.sites(),
                    String.join(
                            ", ",
                            hit.countries().stream()
                                    .map(country -> Labels.value(Facet.COUNTRY, country, null))
                                    .toList()),
                    hit.targetEnrollment(),
                    hit.subjects(),
                    hit.startDate() == null ? null : hit.startDate().toString(),
                    hit.endDate() == null ? null : hit.endDate().toString(),
                    hit.sponsor(),
                    hit.hasResults());
        }
    }
}
