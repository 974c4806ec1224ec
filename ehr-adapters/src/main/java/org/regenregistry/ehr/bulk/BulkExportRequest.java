package org.regenregistry.ehr.bulk;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.regenregistry.profiles.FhirIds;

/**
 * What to export: the level (a group, all patients or the whole system), the resource types ({@code _type}), only what
 * changed since an instant ({@code _since}, the {@code transactionTime} of the previous export) and finer search
 * filters ({@code _typeFilter}); the output format is always {@code application/fhir+ndjson}
 * (<a href="https://hl7.org/fhir/uv/bulkdata/STU2/export.html#query-parameters">Bulk Data STU2, query parameters</a>).
 *
 * @param groupId the group's logical id for {@link ExportLevel#GROUP}, otherwise null
 * @param types resource types to export; empty asks for every type the server offers
 * @param since only resources changed after this instant, or null for all
 * @param typeFilters FHIR search queries such as {@code Observation?category=laboratory}, sent one per parameter
 */
public record BulkExportRequest(
        ExportLevel level, String groupId, List<String> types, Instant since, List<String> typeFilters) {

    static final String OUTPUT_FORMAT = "application/fhir+ndjson";

    private static final Pattern RESOURCE_TYPE = Pattern.compile("[A-Z][A-Za-z]{1,63}");

    public BulkExportRequest {
        if (level == null) {
            throw new IllegalArgumentException("An export needs a level");
        }
        if (level == ExportLevel.GROUP && (groupId == null || !FhirIds.isId(groupId))) {
            throw new IllegalArgumentException("A Group export needs a valid group id, not " + groupId);
        }
        if (level != ExportLevel.GROUP && groupId != null) {
            throw new IllegalArgumentException("Only a Group export has a group id");
        }
        types = List.copyOf(types);
        typeFilters = List.copyOf(typeFilters);
        for (String type : types) {
            if (!RESOURCE_TYPE.matcher(type).matches()) {
                throw new IllegalArgumentException("Not a resource type: " + type);
            }
        }
    }

    /** The patients of one group and the data about them. */
    public static BulkExportRequest group(String groupId) {
        return new BulkExportRequest(ExportLevel.GROUP, groupId, List.of(), null, List.of());
    }

    /** Every patient on the server and the data about them. */
    public static BulkExportRequest allPatients() {
        return new BulkExportRequest(ExportLevel.PATIENT, null, List.of(), null, List.of());
    }

    /** All data on the server. */
    public static BulkExportRequest system() {
        return new BulkExportRequest(ExportLevel.SYSTEM, null, List.of(), null, List.of());
    }

    /** This request restricted to the given resource types. */
    public BulkExportRequest withTypes(String... resourceTypes) {
        return new BulkExportRequest(level, groupId, List.of(resourceTypes), since, typeFilters);
    }

    /** This request restricted to resources changed after {@code instant}. */
    public BulkExportRequest withSince(Instant instant) {
        return new BulkExportRequest(level, groupId, types, instant, typeFilters);
    }

    /** This request with search filters, e.g. {@code Observation?category=laboratory&date=gt2026-01-01}. */
    public BulkExportRequest withTypeFilters(String... queries) {
        return new BulkExportRequest(level, groupId, types, since, List.of(queries));
    }

    /**
     * Refuses this request unless the site offers its level.
     *
     * @throws IllegalArgumentException naming the level and the levels the site allows
     */
    public void requireLevelIn(Set<ExportLevel> allowed) {
        if (!allowed.contains(level)) {
            throw new IllegalArgumentException("The site does not offer " + describe(level) + " $export; it allows "
                    + allowed.stream().map(BulkExportRequest::describe).sorted().collect(Collectors.joining(", ")));
        }
    }

    /** The kick-off URL under the site's FHIR base, every parameter value percent-encoded. */
    public URI kickOffUri(URI fhirBase) {
        String base = fhirBase.toString().replaceAll("/+$", "");
        String path;
        if (level == ExportLevel.GROUP) {
            path = "/Group/" + groupId + "/$export";
        } else if (level == ExportLevel.PATIENT) {
            path = "/Patient/$export";
        } else {
            path = "/$export";
        }
        List<String> parameters = new ArrayList<>();
        parameters.add("_outputFormat=" + encode(OUTPUT_FORMAT));
        if (!types.isEmpty()) {
            parameters.add("_type=" + String.join(",", types));
        }
        if (since != null) {
            parameters.add("_since=" + encode(since.toString()));
        }
        for (String filter : typeFilters) {
            parameters.add("_typeFilter=" + encode(filter));
        }
        return URI.create(base + path + "?" + String.join("&", parameters));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String describe(ExportLevel level) {
        String name = level.name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(name.charAt(0)) + name.substring(1) + "-level";
    }
}
