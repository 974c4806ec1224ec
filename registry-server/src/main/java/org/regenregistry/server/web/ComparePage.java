package org.regenregistry.server.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.regenregistry.search.facet.Facet;
import org.regenregistry.search.trial.TrialDocument;
import org.regenregistry.server.indexing.SearchNode;
import org.regenregistry.server.results.TrialResults;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /compare?trial=a&trial=b}: trials side by side, a column each: therapy and product, population, design,
 * sites, and the first reported value of each pain and function measure per group.
 */
@Controller
class ComparePage implements WebPage {

    private final SearchNode node;
    private final TrialResults results;
    private final WebSettings settings;

    ComparePage(SearchNode node, TrialResults results, WebSettings settings) {
        this.node = node;
        this.results = results;
        this.settings = settings;
    }

    @GetMapping(path = "/compare", produces = "text/html")
    String compare(@RequestParam(name = "trial", required = false) List<String> ids, Model model) throws IOException {
        List<String> distinct = ids == null ? List.of() : List.copyOf(new LinkedHashSet<>(ids));
        if (distinct.size() < 2 || distinct.size() > settings.compareLimit()) {
            throw new IllegalArgumentException("Pick 2 to " + settings.compareLimit()
                    + " trials to compare (the search page's compare boxes); " + distinct.size() + " picked");
        }
        List<TrialDocument> trials = new ArrayList<>();
        List<String> outcomes = new ArrayList<>();
        for (String id : distinct) {
            TrialDocument trial = TrialPage.indexed(node, id);
            trials.add(trial);
            outcomes.add(outcomes(results.summary(trial.id())));
        }
        List<Row> rows = new ArrayList<>();
        rows.add(row("Therapy", trials, trial -> TrialFacts.therapy(trial.therapyFamilies(), trial.therapySubtypes())));
        rows.add(row("Product or device", trials, trial -> TrialFacts.of(trial).stream()
                .map(fact -> fact.label() + ": " + fact.value())
                .collect(Collectors.joining("; "))));
        rows.add(row("Conditions", trials, trial -> String.join("; ", trial.conditionNames())));
        rows.add(row("Phase", trials, trial -> Labels.code(trial.phase())));
        rows.add(row("Status", trials, trial -> Labels.code(trial.status())));
        rows.add(row("Recruitment", trials, trial -> Labels.code(trial.recruitmentStatus())));
        rows.add(row("Planned enrolment", trials, trial -> number(trial.targetEnrollment())));
        rows.add(row("Ages", trials, trial -> ages(trial.eligibility())));
        rows.add(row(
                "Sex",
                trials,
                trial -> trial.eligibility() == null
                        ? ""
                        : Labels.codes(trial.eligibility().sexes())));
        rows.add(row(
                "Sites",
                trials,
                trial -> trial.sites().size() + " in "
                        + trial.sites().stream()
                                .map(TrialDocument.Site::country)
                                .filter(country -> country != null)
                                .distinct()
                                .map(country -> Labels.value(Facet.COUNTRY, country, null))
                                .collect(Collectors.joining(", "))));
        rows.add(row(
                "Start",
                trials,
                trial -> trial.startDate() == null ? "" : trial.startDate().toString()));
        rows.add(row("Sponsor", trials, trial -> trial.sponsor() == null ? "" : trial.sponsor()));
        rows.add(new Row("Reported pain and function", outcomes));
        model.addAttribute("trials", trials);
        model.addAttribute("rows", rows);
        return "compare";
    }

    private static Row row(String label, List<TrialDocument> trials, Function<TrialDocument, String> cell) {
        return new Row(label, trials.stream().map(cell).toList());
    }

    private static String number(Integer value) {
        return value == null ? "" : value.toString();
    }

    private static String ages(TrialDocument.Eligibility eligibility) {
        if (eligibility == null || eligibility.minAge() == null && eligibility.maxAge() == null) {
            return "Any";
        }
        if (eligibility.maxAge() == null) {
            return eligibility.minAge() + " years or older";
        }
        return (eligibility.minAge() == null ? 0 : eligibility.minAge()) + " to " + eligibility.maxAge() + " years";
    }

    /** Each pain and function measure's values per group, one line per measure. */
    private static String outcomes(TrialResults.Summary summary) {
        return OutcomeCharts.of(summary).stream()
                .flatMap(chart -> chart.series().stream()
                        .map(series -> chart.title() + ", " + series.group() + ": "
                                + series.points().stream()
                                        .map(point -> point.time() + " "
                                                + point.value().toPlainString())
                                        .collect(Collectors.joining(", "))))
                .collect(Collectors.joining("\n"));
    }

    /** A row of the comparison: a label and a cell per trial. */
    record Row(String label, List<String> cells) {}
}
