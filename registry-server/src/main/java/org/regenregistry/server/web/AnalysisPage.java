package org.regenregistry.server.web;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.regenregistry.server.outcomes.Outcomes;
import org.regenregistry.server.security.SecuritySettings;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /analysis}: the pooled outcomes of the trials a search finds, with the parameters of {@code /api/analysis}
 * (the search's filters and the analysis's own): the pooled estimate, the forest plot (SVG in the page, as PNG and
 * SVG to download), each trial's comparison and weight, the single-arm trials apart and the trials left out with the
 * reason. Public like the search; arms under the small-cell threshold are left out.
 */
@Controller
class AnalysisPage implements WebPage {

    private final Outcomes outcomes;
    private final int smallCellThreshold;

    AnalysisPage(Outcomes outcomes, SecuritySettings security) {
        this.outcomes = outcomes;
        this.smallCellThreshold = security.smallCellThreshold();
    }

    /** A choice of the form: its value and label. */
    record Option(String value, String label) {}

    static final List<Option> OUTCOMES = List.of(new Option("pain", "Pain"), new Option("function", "Function"));
    static final List<Option> TIME_POINTS = List.of(
            new Option("1mo", "1 month"),
            new Option("3mo", "3 months"),
            new Option("6mo", "6 months"),
            new Option("12mo", "12 months"),
            new Option("24mo", "24 months"));
    static final List<Option> EFFECTS = List.of(
            new Option("", "Mean difference on one instrument, else Hedges' g"),
            new Option("md", "Mean difference"),
            new Option("smd", "Standardised mean difference (Hedges' g)"));
    static final List<Option> TAU2 =
            List.of(new Option("dl", "DerSimonian-Laird"), new Option("reml", "Restricted maximum likelihood"));
    static final List<Option> INTERVALS =
            List.of(new Option("hksj", "Hartung-Knapp-Sidik-Jonkman"), new Option("wald", "Wald (normal)"));

    @GetMapping(path = "/analysis", produces = "text/html")
    String analysis(@RequestParam MultiValueMap<String, String> parameters, Model model) throws IOException {
        MultiValueMap<String, String> state = SearchPage.filled(parameters);
        Outcomes.Analysis analysis = outcomes.analyse(state, smallCellThreshold);
        MultiValueMap<String, String> filters = new LinkedMultiValueMap<>(state);
        Outcomes.ANALYSIS_PARAMETERS.forEach(filters::remove);
        model.addAttribute("analysis", analysis);
        model.addAttribute(
                "filters",
                filters.entrySet().stream()
                        .flatMap(entry -> entry.getValue().stream().map(value -> Map.entry(entry.getKey(), value)))
                        .toList());
        model.addAttribute("search", SearchPage.link("/", filters, Map.of()));
        model.addAttribute("api", SearchPage.link("/api/analysis", state, Map.of()));
        model.addAttribute("png", SearchPage.link("/api/analysis/forest.png", state, Map.of()));
        model.addAttribute("svg", SearchPage.link("/api/analysis/forest.svg", state, Map.of()));
        model.addAttribute("effect", SearchPage.first(state, "effect"));
        model.addAttribute("tau2", SearchPage.first(state, "tau2") == null ? "dl" : SearchPage.first(state, "tau2"));
        model.addAttribute(
                "interval", SearchPage.first(state, "interval") == null ? "hksj" : SearchPage.first(state, "interval"));
        model.addAttribute("outcomes", OUTCOMES);
        model.addAttribute("timePoints", TIME_POINTS);
        model.addAttribute("effects", EFFECTS);
        model.addAttribute("tau2s", TAU2);
        model.addAttribute("intervals", INTERVALS);
        return "analysis";
    }
}
