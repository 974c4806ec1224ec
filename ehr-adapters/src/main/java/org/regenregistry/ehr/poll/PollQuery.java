package org.regenregistry.ehr.poll;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What an {@link IncrementalPoller} searches: a resource type and fixed search parameters, such as
 * {@code category=vital-signs} or a {@code _has} restriction to the study's subjects
 * (<a href="https://hl7.org/fhir/R4/search.html">FHIR R4 search</a>). The poller adds {@code _lastUpdated} and
 * {@code _count} itself.
 *
 * @param parameters values per parameter name, in order; a name with several values is sent several times
 */
public record PollQuery(String resourceType, Map<String, List<String>> parameters) {

    private static final Pattern RESOURCE_TYPE = Pattern.compile("[A-Z][A-Za-z]+");
    private static final Set<String> OWN_PARAMETERS = Set.of("_lastUpdated", "_count");

    public PollQuery {
        Objects.requireNonNull(resourceType, "resourceType");
        if (!RESOURCE_TYPE.matcher(resourceType).matches()) {
            throw new IllegalArgumentException("Not a FHIR resource type: " + resourceType);
        }
        Map<String, List<String>> copy = new LinkedHashMap<>();
        parameters.forEach((name, values) -> {
            if (OWN_PARAMETERS.contains(name)) {
                throw new IllegalArgumentException("The poller sets " + name + " itself");
            }
            copy.put(name, List.copyOf(values));
        });
        parameters = Collections.unmodifiableMap(copy);
    }

    /** All resources of the type. */
    public static PollQuery of(String resourceType) {
        return new PollQuery(resourceType, Map.of());
    }

    /** This query with one more parameter value. */
    public PollQuery with(String name, String value) {
        Map<String, List<String>> more = new LinkedHashMap<>(parameters);
        List<String> values = new ArrayList<>(more.getOrDefault(name, List.of()));
        values.add(value);
        more.put(name, values);
        return new PollQuery(resourceType, more);
    }
}
