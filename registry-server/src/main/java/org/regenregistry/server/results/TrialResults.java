package org.regenregistry.server.results;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.UriOrListParam;
import ca.uhn.fhir.rest.param.UriParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Ratio;
import org.hl7.fhir.r4.model.ResearchStudy;
import org.regenregistry.profiles.RegistryCodeSystems;
import org.regenregistry.profiles.RegistryExtensions;
import org.regenregistry.profiles.RegistryProfiles;
import org.regenregistry.server.system.SearchResults;
import org.springframework.stereotype.Component;

/**
 * Reads a trial's result records and groups them the way a results summary reads: per outcome measure (title and time
 * frame) its groups' values and its comparisons, then the adverse events per group.
 */
@Component
public class TrialResults {

    /** A results summary holds a few hundred records; a bound keeps one request from reading without end. */
    static final int MAX_RECORDS = 20_000;

    private final DaoRegistry daos;

    TrialResults(DaoRegistry daos) {
        this.daos = daos;
    }

    /** The trial's results, or empty when no such trial is stored. */
    Optional<Summary> of(String trialId) {
        try {
            daos.getResourceDao(ResearchStudy.class)
                    .read(new IdType("ResearchStudy", trialId), new SystemRequestDetails());
        } catch (ResourceNotFoundException | ResourceGoneException e) {
            return Optional.empty();
        }
        return Optional.of(summary(trialId));
    }

    /** The results of a trial the caller knows is stored (empty lists for a trial without results). */
    public Summary summary(String trialId) {
        UriOrListParam profiles = new UriOrListParam();
        RegistryProfiles.RESULTS.forEach(profile -> profiles.addOr(new UriParam(profile)));
        SearchParameterMap search = SearchParameterMap.newSynchronous();
        search.setLoadSynchronousUpTo(MAX_RECORDS);
        search.add("trial", new ReferenceParam("ResearchStudy/" + trialId));
        search.add("_profile", profiles);
        Map<String, Measure> measures = new LinkedHashMap<>();
        List<AdverseEvents> adverseEvents = new ArrayList<>();
        SearchResults.all(daos.getResourceDao(Observation.class).search(search, new SystemRequestDetails())).stream()
                .map(Observation.class::cast)
                .sorted(Comparator.comparing(
                        observation -> observation.getIdElement().getIdPart()))
                .forEach(observation -> {
                    if (observation.getMeta().hasProfile(RegistryProfiles.RESULT_ADVERSE_EVENTS)) {
                        adverseEvents.add(adverseEvents(observation));
                        return;
                    }
                    String title = observation.getCode().getText();
                    String timeFrame = string(observation, RegistryExtensions.TIME_FRAME);
                    Measure measure = measures.computeIfAbsent(
                            title + "\n" + timeFrame,
                            key -> new Measure(
                                    title, domain(observation), timeFrame, new ArrayList<>(), new ArrayList<>()));
                    if (observation.getMeta().hasProfile(RegistryProfiles.RESULT_SUMMARY)) {
                        measure.groups().add(groupValue(observation));
                    } else {
                        measure.comparisons().add(comparison(observation));
                    }
                });
        adverseEvents.sort(Comparator.comparing(AdverseEvents::group).thenComparing(AdverseEvents::kind));
        return new Summary(trialId, List.copyOf(measures.values()), adverseEvents);
    }

    private static GroupValue groupValue(Observation summary) {
        Map<String, BigDecimal> dispersion = new LinkedHashMap<>();
        summary.getComponent().stream()
                .filter(part ->
                        !"n-analysed".equals(part.getCode().getCodingFirstRep().getCode()))
                .forEach(part -> dispersion.put(
                        part.getCode().getCodingFirstRep().getCode(),
                        part.getValueQuantity().getValue()));
        return new GroupValue(
                string(summary, RegistryExtensions.RESULT_GROUP),
                string(summary, RegistryExtensions.RESULT_ROW),
                summary.getMethod().getCodingFirstRep().getCode(),
                summary.hasValueQuantity() ? summary.getValueQuantity().getValue() : null,
                summary.hasValueQuantity() ? summary.getValueQuantity().getUnit() : null,
                component(summary, "n-analysed").map(Quantity::getValue).orElse(null),
                dispersion);
    }

    private static Comparison comparison(Observation comparison) {
        return new Comparison(
                comparison.getExtensionsByUrl(RegistryExtensions.RESULT_GROUP).stream()
                        .map(extension -> extension.getValue().primitiveValue())
                        .toList(),
                comparison.getMethod().getText(),
                comparison.hasValueQuantity() ? comparison.getValueQuantity().getValue() : null,
                component(comparison, "ci-lower").map(Quantity::getValue).orElse(null),
                component(comparison, "ci-upper").map(Quantity::getValue).orElse(null),
                component(comparison, "ci-level").map(Quantity::getValue).orElse(null),
                component(comparison, "p-value")
                        .map(p -> (p.hasComparator() ? p.getComparator().toCode() : "")
                                + p.getValue().toPlainString())
                        .orElse(null),
                comparison.hasNote() ? comparison.getNoteFirstRep().getText() : null);
    }

    private static AdverseEvents adverseEvents(Observation events) {
        Ratio total = events.getValueRatio();
        return new AdverseEvents(
                string(events, RegistryExtensions.RESULT_GROUP),
                events.getCode().getCodingFirstRep().getCode().replace("-adverse-events", ""),
                string(events, RegistryExtensions.TIME_FRAME),
                total.getNumerator().getValue(),
                total.getDenominator().getValue(),
                events.getComponent().stream()
                        .map(term -> new Term(
                                term.getCode().getText(),
                                Optional.ofNullable(term.getExtensionByUrl(RegistryExtensions.ORGAN_SYSTEM))
                                        .map(extension -> extension.getValue().primitiveValue())
                                        .orElse(null),
                                term.getValueRatio().getNumerator().getValue(),
                                term.getValueRatio().getDenominator().getValue(),
                                Optional.ofNullable(term.getExtensionByUrl(RegistryExtensions.EVENT_COUNT))
                                        .map(extension -> Integer.valueOf(
                                                extension.getValue().primitiveValue()))
                                        .orElse(null)))
                        .toList());
    }

    private static String domain(Observation observation) {
        return observation.getCategory().stream()
                .flatMap(category -> category.getCoding().stream())
                .filter(coding -> RegistryCodeSystems.OUTCOME_DOMAIN.equals(coding.getSystem()))
                .map(coding -> coding.getCode())
                .findFirst()
                .orElse(null);
    }

    private static Optional<Quantity> component(Observation observation, String statistic) {
        return observation.getComponent().stream()
                .filter(part ->
                        statistic.equals(part.getCode().getCodingFirstRep().getCode()))
                .map(part -> part.getValueQuantity())
                .findFirst();
    }

    private static String string(Observation observation, String url) {
        Extension extension = observation.getExtensionByUrl(url);
        return extension == null ? null : extension.getValue().primitiveValue();
    }

    /** A trial's results: outcome measures with their groups' values and comparisons, adverse events per group. */
    public record Summary(String trial, List<Measure> measures, List<AdverseEvents> adverseEvents) {}

    /** One outcome measure at one time frame. */
    public record Measure(
            String title, String domain, String timeFrame, List<GroupValue> groups, List<Comparison> comparisons) {}

    /**
     * One group's reported value.
     *
     * @param row the class and category when the measure reports several per group
     * @param statistic what {@code value} is (mean, median, least-squares-mean, count-of-participants...)
     * @param dispersion by result-statistic code (standard-deviation, ci-lower...), as reported
     */
    public record GroupValue(
            String group,
            String row,
            String statistic,
            BigDecimal value,
            String unit,
            BigDecimal analysed,
            Map<String, BigDecimal> dispersion) {}

    /** A reported comparison; {@code pValue} keeps its comparator ("<0.001"). */
    public record Comparison(
            List<String> groups,
            String estimate,
            BigDecimal value,
            BigDecimal ciLower,
            BigDecimal ciUpper,
            BigDecimal ciLevel,
            String pValue,
            String method) {}

    /** A group's serious or other adverse events. */
    public record AdverseEvents(
            String group, String kind, String timeFrame, BigDecimal affected, BigDecimal atRisk, List<Term> terms) {}

    /** One adverse event term within a group. */
    public record Term(String term, String organSystem, BigDecimal affected, BigDecimal atRisk, Integer events) {}
}
