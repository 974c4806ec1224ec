package org.regenregistry.ctgov;

import static org.regenregistry.ctgov.StudyJson.digest;
import static org.regenregistry.ctgov.StudyJson.first;
import static org.regenregistry.ctgov.StudyJson.list;
import static org.regenregistry.ctgov.StudyJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Ratio;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.UnsignedIntType;
import org.regenregistry.profiles.CoreExtensions;
import org.regenregistry.profiles.RegistryCodeSystems;
import org.regenregistry.profiles.RegistryExtensions;
import org.regenregistry.profiles.RegistryProfiles;

/**
 * A study record's {@code resultsSection} as the registry's result records: each pain or function outcome measure as
 * one rr-result-summary per group and row (the central value, its dispersion, the participants analysed), each of its
 * statistical analyses as an rr-result-comparison (estimate, confidence limits, p-value), and each group's serious and
 * other adverse events as an rr-result-adverse-events (affected over at risk, one component per term). Outcome
 * measures of other domains are counted, not kept: the registry analyses pain and function. See
 * docs/ctgov-import.md for the full mapping.
 */
final class StudyResults {

    private static final Pattern PAIN =
            pattern("\\bpain\\b|mcgill|\\bVAS\\b|visual analog|\\b(WOMAC|KOOS|HOOS) pain|\\bsciatica\\b");
    private static final Pattern FUNCTION = pattern("interference|disabilit|function|oswestry|\\bODI\\b|roland"
            + "|\\bRMDQ\\b|\\bWOMAC\\b|\\bKOOS\\b|\\bHOOS\\b|lequesne|\\bIKDC\\b|\\bDASH\\b|\\bNDI\\b|\\bBASFI\\b");
    private static final Pattern PAIN_SCALE = pattern(
            "\\bpain\\b.*\\b(NRS|VAS|intensity|severity|score|rating)\\b|\\b(NRS|VAS|intensity|severity)\\b.*\\bpain\\b");
    private static final Pattern NOT_PAIN =
            pattern("prurit|itch|fatigue|satisf|anxiety|nausea|stiffness|sleep|mood|depress|dyspn");
    private static final Pattern PAIN_WORD = pattern("\\bpain\\b");
    private static final Pattern P_VALUE = Pattern.compile("\\s*([<>]=?|≤|≥)?\\s*(\\d*\\.?\\d+(?:[eE]-?\\d+)?)\\s*");
    private static final Pattern CONFIDENCE = Pattern.compile("CONFIDENCE_INTERVAL_(\\d+)|(\\d+)_CONFIDENCE_INTERVAL");

    private static final Map<String, String> CENTRAL = Map.of(
            "MEAN", "mean",
            "MEDIAN", "median",
            "LEAST_SQUARES_MEAN", "least-squares-mean",
            "GEOMETRIC_MEAN", "geometric-mean",
            "GEOMETRIC_LEAST_SQUARES_MEAN", "geometric-least-squares-mean",
            "LOG_MEAN", "log-mean",
            "NUMBER", "number",
            "COUNT_OF_PARTICIPANTS", "count-of-participants",
            "COUNT_OF_UNITS", "count-of-units");

    private StudyResults() {}

    /**
     * The result records of {@code study}, by id; none when it has no results section.
     *
     * @param notes takes what was left out, for the import report
     */
    static Map<String, Observation> map(JsonNode study, String trialId, List<String> notes) {
        JsonNode results = study.path("resultsSection");
        Map<String, Observation> records = new LinkedHashMap<>();
        if (results.isMissingNode()) {
            return records;
        }
        int otherDomains = 0;
        List<JsonNode> measures = list(results.path("outcomeMeasuresModule").path("outcomeMeasures"));
        for (int index = 0; index < measures.size(); index++) {
            JsonNode measure = measures.get(index);
            Optional<String> domain = domain(text(measure, "title"));
            if (domain.isEmpty()) {
                otherDomains++;
                continue;
            }
            String central = CENTRAL.get(normalised(text(measure, "paramType")));
            String timeFrame = text(measure, "timeFrame");
            if (central == null || timeFrame.isEmpty()) {
                notes.add("outcome measure '" + text(measure, "title") + "' left out: "
                        + (central == null
                                ? "statistic '" + text(measure, "paramType") + "' unknown"
                                : "no time frame"));
                continue;
            }
            summaries(measure, index, domain.get(), central, trialId, records);
            comparisons(measure, index, domain.get(), trialId, records, notes);
        }
        if (otherDomains > 0) {
            notes.add(otherDomains + " outcome measure(s) neither pain nor function, not kept");
        }
        adverseEvents(results.path("adverseEventsModule"), trialId, records);
        return records;
    }

    /**
     * Pain, function or neither, from the measure's title (its description mentions pain in passing too often): a
     * disability or interference index is function unless the title names a pain scale; a VAS of something else
     * (satisfaction, fatigue) is neither.
     */
    static Optional<String> domain(String title) {
        boolean pain = PAIN.matcher(title).find()
                && (PAIN_WORD.matcher(title).find() || !NOT_PAIN.matcher(title).find());
        if (FUNCTION.matcher(title).find() && !PAIN_SCALE.matcher(title).find()) {
            return Optional.of("function");
        }
        return pain ? Optional.of("pain") : Optional.empty();
    }

    private static void summaries(
            JsonNode measure,
            int index,
            String domain,
            String central,
            String trialId,
            Map<String, Observation> records) {
        Map<String, String> groups = groups(measure.path("groups"));
        Map<String, BigDecimal> analysed = new LinkedHashMap<>();
        list(measure.path("denoms")).stream()
                .filter(denom -> "participants".equalsIgnoreCase(text(denom, "units")))
                .flatMap(denom -> list(denom.path("counts")).stream())
                .forEach(count ->
                        number(text(count, "value")).ifPresent(value -> analysed.put(text(count, "groupId"), value)));
        String dispersion = normalised(text(measure, "dispersionType"));
        String unit = text(measure, "unitOfMeasure");
        List<JsonNode> classes = list(measure.path("classes"));
        for (int row = 0; row < classes.size(); row++) {
            JsonNode resultClass = classes.get(row);
            List<JsonNode> categories = list(resultClass.path("categories"));
            for (int column = 0; column < categories.size(); column++) {
                JsonNode category = categories.get(column);
                String rowTitle = Stream.of(text(resultClass, "title"), text(category, "title"))
                        .filter(title -> !title.isEmpty())
                        .collect(Collectors.joining(" — "));
                for (JsonNode measurement : list(category.path("measurements"))) {
                    String groupId = text(measurement, "groupId");
                    Observation summary = observation(
                            RegistryProfiles.RESULT_SUMMARY, trialId, List.of(groups.getOrDefault(groupId, groupId)));
                    summary.addExtension(RegistryExtensions.TIME_FRAME, new StringType(text(measure, "timeFrame")));
                    if (!rowTitle.isEmpty()) {
                        summary.addExtension(RegistryExtensions.RESULT_ROW, new StringType(rowTitle));
                    }
                    describe(summary, measure, domain);
                    summary.setMethod(statistic(central));
                    Optional<BigDecimal> value = number(text(measurement, "value"));
                    if (value.isPresent()) {
                        summary.setValue(quantity(value.get(), unit));
                    } else {
                        summary.getDataAbsentReason()
                                .addCoding(new Coding(
                                        "http://terminology.hl7.org/CodeSystem/data-absent-reason", "unknown", null))
                                .setText(first(text(measurement, "comment"), text(measurement, "value")));
                    }
                    dispersion(summary, dispersion, measurement, unit);
                    if (analysed.containsKey(groupId)) {
                        component(summary, "n-analysed", quantity(analysed.get(groupId), "participants"));
                    }
                    records.put(id(trialId, "r", index + "|" + groupId + "|" + row + "|" + column), summary);
                }
            }
        }
    }

    private static void dispersion(Observation summary, String type, JsonNode measurement, String unit) {
        Matcher confidence = CONFIDENCE.matcher(type);
        switch (type) {
            case "STANDARD_DEVIATION" -> part(summary, "standard-deviation", text(measurement, "spread"), unit);
            case "STANDARD_ERROR" -> part(summary, "standard-error", text(measurement, "spread"), unit);
            case "GEOMETRIC_COEFFICIENT_OF_VARIATION" -> part(
                    summary, "geometric-coefficient-of-variation", text(measurement, "spread"), "%");
            case "INTER_QUARTILE_RANGE" -> {
                part(summary, "q1", text(measurement, "lowerLimit"), unit);
                part(summary, "q3", text(measurement, "upperLimit"), unit);
            }
            case "FULL_RANGE" -> {
                part(summary, "minimum", text(measurement, "lowerLimit"), unit);
                part(summary, "maximum", text(measurement, "upperLimit"), unit);
            }
            default -> {
                if (confidence.matches()) {
                    part(summary, "ci-lower", text(measurement, "lowerLimit"), unit);
                    part(summary, "ci-upper", text(measurement, "upperLimit"), unit);
                    part(summary, "ci-level", first(nullToEmpty(confidence.group(1)), confidence.group(2)), "%");
                }
            }
        }
    }

    private static void comparisons(
            JsonNode measure,
            int index,
            String domain,
            String trialId,
            Map<String, Observation> records,
            List<String> notes) {
        Map<String, String> groups = groups(measure.path("groups"));
        List<JsonNode> analyses = list(measure.path("analyses"));
        for (int number = 0; number < analyses.size(); number++) {
            JsonNode analysis = analyses.get(number);
            List<String> compared = list(analysis.path("groupIds")).stream()
                    .map(JsonNode::asText)
                    .map(groupId -> groups.getOrDefault(groupId, groupId))
                    .toList();
            if (compared.size() < 2) {
                notes.add("an analysis of '" + text(measure, "title") + "' left out: it compares no two groups");
                continue;
            }
            Observation comparison = observation(RegistryProfiles.RESULT_COMPARISON, trialId, compared);
            comparison.addExtension(RegistryExtensions.TIME_FRAME, new StringType(text(measure, "timeFrame")));
            describe(comparison, measure, domain);
            String estimate = text(analysis, "paramType");
            comparison.getMethod().setText(estimate.isEmpty() ? "Not stated" : estimate);
            String unit =
                    estimate.toLowerCase(Locale.ROOT).contains("difference") ? text(measure, "unitOfMeasure") : "";
            number(text(analysis, "paramValue")).ifPresent(value -> comparison.setValue(quantity(value, unit)));
            part(comparison, "ci-lower", text(analysis, "ciLowerLimit"), unit);
            part(comparison, "ci-upper", text(analysis, "ciUpperLimit"), unit);
            part(comparison, "ci-level", text(analysis, "ciPctValue"), "%");
            String spread = normalised(text(analysis, "dispersionType"));
            if (spread.startsWith("STANDARD_ERROR")) {
                part(comparison, "standard-error", text(analysis, "dispersionValue"), unit);
            } else if (spread.equals("STANDARD_DEVIATION")) {
                part(comparison, "standard-deviation", text(analysis, "dispersionValue"), unit);
            }
            pValue(text(analysis, "pValue")).ifPresent(p -> component(comparison, "p-value", p));
            String method = Stream.of(
                            text(analysis, "statisticalMethod"),
                            text(analysis, "ciNumSides").replace('_', '-').toLowerCase(Locale.ROOT),
                            text(analysis, "groupDescription"),
                            text(analysis, "methodDescription"))
                    .filter(part -> !part.isEmpty())
                    .collect(Collectors.joining(". "));
            if (!method.isEmpty()) {
                comparison.addNote().setText(method);
            }
            records.put(id(trialId, "c", index + "|" + number), comparison);
        }
    }

    private static void adverseEvents(JsonNode module, String trialId, Map<String, Observation> records) {
        String timeFrame = first(text(module, "timeFrame"), "Not stated in the results");
        for (JsonNode group : list(module.path("eventGroups"))) {
            for (String kind : List.of("serious", "other")) {
                Optional<BigDecimal> affected = number(text(group, kind + "NumAffected"));
                Optional<BigDecimal> atRisk = number(text(group, kind + "NumAtRisk"));
                if (affected.isEmpty() || atRisk.isEmpty()) {
                    continue;
                }
                String groupId = text(group, "id");
                Observation events = observation(
                        RegistryProfiles.RESULT_ADVERSE_EVENTS, trialId, List.of(first(text(group, "title"), groupId)));
                events.addExtension(RegistryExtensions.TIME_FRAME, new StringType(timeFrame));
                events.setCode(statistic(kind + "-adverse-events"));
                events.setValue(ratio(affected.get(), atRisk.get()));
                for (JsonNode term : list(module.path(kind + "Events"))) {
                    list(term.path("stats")).stream()
                            .filter(stats -> groupId.equals(text(stats, "groupId")))
                            .findFirst()
                            .ifPresent(stats -> addTerm(events, term, stats));
                }
                records.put(id(trialId, "ae", kind + "|" + groupId), events);
            }
        }
    }

    private static void addTerm(Observation events, JsonNode term, JsonNode stats) {
        Optional<BigDecimal> affected = number(text(stats, "numAffected"));
        Optional<BigDecimal> atRisk = number(text(stats, "numAtRisk"));
        if (affected.isEmpty() || atRisk.isEmpty() || text(term, "term").isEmpty()) {
            return;
        }
        Observation.ObservationComponentComponent component = events.addComponent();
        if (!text(term, "organSystem").isEmpty()) {
            component.addExtension(RegistryExtensions.ORGAN_SYSTEM, new StringType(text(term, "organSystem")));
        }
        number(text(stats, "numEvents"))
                .ifPresent(count ->
                        component.addExtension(RegistryExtensions.EVENT_COUNT, new UnsignedIntType(count.intValue())));
        component.getCode().setText(text(term, "term"));
        component.setValue(ratio(affected.get(), atRisk.get()));
    }

    private static Observation observation(String profile, String trialId, List<String> groups) {
        Observation observation = new Observation();
        observation.getMeta().addProfile(profile);
        observation.addExtension(CoreExtensions.RESEARCH_STUDY, new Reference("ResearchStudy/" + trialId));
        groups.forEach(group -> observation.addExtension(RegistryExtensions.RESULT_GROUP, new StringType(group)));
        observation.setStatus(Observation.ObservationStatus.FINAL);
        return observation;
    }

    private static void describe(Observation observation, JsonNode measure, String domain) {
        observation.addCategory(new CodeableConcept(new Coding(RegistryCodeSystems.OUTCOME_DOMAIN, domain, null)));
        String type = text(measure, "type");
        if (!type.isEmpty()) {
            observation
                    .addCategory()
                    .setText(type.charAt(0)
                            + type.substring(1).toLowerCase(Locale.ROOT).replace('_', ' ') + " outcome");
        }
        observation.getCode().setText(text(measure, "title"));
    }

    private static void part(Observation observation, String statistic, String value, String unit) {
        number(value).ifPresent(number -> component(observation, statistic, quantity(number, unit)));
    }

    private static void component(Observation observation, String statistic, Quantity value) {
        observation.addComponent().setCode(statistic(statistic)).setValue(value);
    }

    private static CodeableConcept statistic(String code) {
        return new CodeableConcept(new Coding(RegistryCodeSystems.RESULT_STATISTIC, code, null));
    }

    private static Quantity quantity(BigDecimal value, String unit) {
        Quantity quantity = new Quantity().setValue(value);
        if (!unit.isEmpty()) {
            quantity.setUnit(unit);
        }
        return quantity;
    }

    private static Ratio ratio(BigDecimal numerator, BigDecimal denominator) {
        return new Ratio()
                .setNumerator(new Quantity().setValue(numerator))
                .setDenominator(new Quantity().setValue(denominator));
    }

    /** A p-value as reported ("0.02", "<0.001", "≤ 0.05"), its comparator kept. */
    static Optional<Quantity> pValue(String text) {
        Matcher matcher = P_VALUE.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        Quantity p = new Quantity().setValue(new BigDecimal(matcher.group(2)));
        if (matcher.group(1) != null) {
            p.setComparator(Quantity.QuantityComparator.fromCode(
                    matcher.group(1).replace("≤", "<=").replace("≥", ">=")));
        }
        return Optional.of(p);
    }

    /**
     * An enumerated value as the API writes it ({@code STANDARD_DEVIATION}); the website's JSON download writes some
     * as their display text ("Standard Deviation", "95% Confidence Interval").
     */
    static String normalised(String value) {
        return value.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_").replaceAll("^_|_$", "");
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    private static Map<String, String> groups(JsonNode groups) {
        Map<String, String> titles = new LinkedHashMap<>();
        list(groups).forEach(group -> titles.put(text(group, "id"), first(text(group, "title"), text(group, "id"))));
        return titles;
    }

    private static Optional<BigDecimal> number(String text) {
        try {
            return text.isEmpty() ? Optional.empty() : Optional.of(new BigDecimal(text.replace(",", "")));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String id(String trialId, String kind, String key) {
        return trialId + "-" + kind + "-" + digest(key);
    }

    private static Pattern pattern(String regex) {
        return Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
    }
}
