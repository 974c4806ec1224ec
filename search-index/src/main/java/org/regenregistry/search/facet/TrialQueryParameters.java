package org.regenregistry.search.facet;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads a {@link TrialQuery} from HTTP query parameters. A facet parameter may repeat or list values separated by
 * commas ({@code phase=phase-2,phase-3}); any parameter the API does not know is refused, so that a typo never
 * silently widens a search.
 */
public final class TrialQueryParameters {

    static final Set<String> OTHER_PARAMETERS =
            Set.of("q", "age", "near", "startFrom", "startTo", "sort", "page", "size");

    private TrialQueryParameters() {}

    /** @throws IllegalArgumentException naming the parameter at fault */
    public static TrialQuery parse(Map<String, List<String>> parameters) {
        for (String name : parameters.keySet()) {
            if (!OTHER_PARAMETERS.contains(name) && Facet.forParameter(name).isEmpty()) {
                throw new IllegalArgumentException(
                        "Unknown parameter '" + name + "'; known parameters: " + String.join(", ", known()));
            }
        }
        Map<Facet, Set<String>> filters = new EnumMap<>(Facet.class);
        for (Facet facet : Facet.values()) {
            Set<String> values = values(parameters, facet.parameter());
            if (facet.yesNo()) {
                values.forEach(value -> bool(facet.parameter(), value));
            }
            if (!values.isEmpty()) {
                filters.put(facet, values);
            }
        }
        return new TrialQuery(
                single(parameters, "q"),
                filters,
                integer(parameters, "age"),
                near(single(parameters, "near")),
                date(parameters, "startFrom"),
                date(parameters, "startTo"),
                sort(single(parameters, "sort")),
                orDefault(integer(parameters, "page"), 0),
                orDefault(integer(parameters, "size"), TrialQuery.DEFAULT_PAGE_SIZE));
    }

    /** Every parameter the API accepts. */
    public static Set<String> known() {
        return Stream.concat(
                        OTHER_PARAMETERS.stream(), Arrays.stream(Facet.values()).map(Facet::parameter))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The values of a facet parameter: repeated or comma-separated, trimmed, empty ones dropped, in order, once each. */
    public static Set<String> values(Map<String, List<String>> parameters, String name) {
        return parameters.getOrDefault(name, List.of()).stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::trim)
                .filter(value -> !value.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static String single(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.getOrDefault(name, List.of());
        if (values.size() > 1) {
            throw new IllegalArgumentException("'" + name + "' may be given once");
        }
        return values.isEmpty() || values.get(0).isBlank()
                ? null
                : values.get(0).trim();
    }

    private static Integer integer(Map<String, List<String>> parameters, String name) {
        String value = single(parameters, name);
        try {
            return value == null ? null : Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + name + "' must be a whole number, was '" + value + "'");
        }
    }

    private static LocalDate date(Map<String, List<String>> parameters, String name) {
        String value = single(parameters, name);
        try {
            return value == null ? null : LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + name + "' must be a date (YYYY-MM-DD), was '" + value + "'");
        }
    }

    private static TrialQuery.Near near(String value) {
        if (value == null) {
            return null;
        }
        String[] parts = value.split(",");
        try {
            if (parts.length != 3) {
                throw new NumberFormatException();
            }
            return new TrialQuery.Near(
                    Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "'near' must be latitude,longitude,kilometres (e.g. 52.52,13.40,100), was '" + value + "'");
        }
    }

    private static TrialQuery.Sort sort(String value) {
        if (value == null) {
            return TrialQuery.Sort.RELEVANCE;
        }
        return Arrays.stream(TrialQuery.Sort.values())
                .filter(sort -> sort.parameter().equals(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'sort' must be one of "
                        + Arrays.stream(TrialQuery.Sort.values())
                                .map(TrialQuery.Sort::parameter)
                                .collect(Collectors.joining(", "))
                        + ", was '" + value + "'"));
    }

    private static void bool(String name, String value) {
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException("'" + name + "' must be true or false, was '" + value + "'");
        }
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
