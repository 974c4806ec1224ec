package org.regenregistry.server.access;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.regenregistry.server.security.Caller;
import org.regenregistry.server.security.SecuritySettings.Role;
import org.regenregistry.server.security.SmartScope;
import org.regenregistry.server.security.SmartScope.Permission;

/**
 * The types and {@code _typeFilter}s of a Bulk Data export, cut down to what the caller may see: <a
 * href="https://hl7.org/fhir/uv/bulkdata/export.html#bulk-data-kick-off-request">Bulk Data</a> has the server "limit
 * the data returned to only those FHIR resources for which the client is authorized". A type no scope lets the
 * caller search is left out; a scope's {@code ?param=value} restrictions become filters of their type (several
 * scopes of one type are alternatives, as HAPI takes several filters of a type); a site's every filter carries its
 * site's {@code _security} label. The client's own filters stay and are combined with these, so an export finds
 * what the same searches by the same caller would.
 *
 * @param types the types to export
 * @param filters the {@code Type?query} filters; a type without any is exported whole
 */
record ExportNarrowing(List<String> types, List<String> filters) {

    /** What {@code caller} may export of {@code types} with its own {@code filters}. */
    static ExportNarrowing of(Caller caller, List<String> types, List<String> filters) {
        List<String> allowed = new ArrayList<>();
        List<String> narrowed = new ArrayList<>();
        String site = caller.is(Role.SITE)
                ? "_security=" + URLEncoder.encode(SiteLabels.searchToken(caller.site()), StandardCharsets.UTF_8)
                : "";
        for (String type : types) {
            List<Map<String, String>> grants = caller.scopes().stream()
                    .filter(scope -> scope.grants(type, Permission.SEARCH))
                    .map(SmartScope::restrictions)
                    .distinct()
                    .toList();
            if (grants.isEmpty()) {
                continue;
            }
            allowed.add(type);
            List<String> scopeQueries = grants.contains(Map.of())
                    ? List.of("")
                    : grants.stream().map(ScopeRestrictions::query).toList();
            List<String> ownQueries = filters.stream()
                    .filter(filter -> filter.startsWith(type + "?"))
                    .map(filter -> filter.substring(type.length() + 1))
                    .toList();
            for (String own : ownQueries.isEmpty() ? List.of("") : ownQueries) {
                for (String scope : scopeQueries) {
                    String query = Stream.of(own, scope, site)
                            .filter(part -> !part.isEmpty())
                            .collect(Collectors.joining("&"));
                    if (!query.isEmpty()) {
                        narrowed.add(type + "?" + query);
                    }
                }
            }
        }
        return new ExportNarrowing(List.copyOf(allowed), List.copyOf(narrowed));
    }
}
