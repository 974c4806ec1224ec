package org.regenregistry.server.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.regenregistry.server.request.ErrorResponses;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses (400) a request whose {@code Host} is not one the registry serves ({@link HttpSecuritySettings#allowedHosts()}, and the host of {@code registry.fhir.server-address}): the
 * registry writes that host into the links, {@code Location} and {@code Content-Location} of its answers, so
 * {@code Host: evil.example} would have sent a client's next request, and its token, to {@code evil.example}. Health
 * probes are exempt: an orchestrator probes by the instance's own address and their answers carry no links.
 */
class AllowedHostFilter extends OncePerRequestFilter {

    private final Set<String> allowed = new HashSet<>();

    AllowedHostFilter(HttpSecuritySettings settings, String serverAddress) {
        settings.allowedHosts().forEach(host -> allowed.add(normalised(host)));
        if (!serverAddress.isBlank()) {
            String host = URI.create(serverAddress).getHost();
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException(
                        "registry.fhir.server-address must be an absolute URL with a host: " + serverAddress);
            }
            allowed.add(normalised(host));
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String host = normalised(request.getServerName());
        if (allowed.contains(host) || isHealthProbe(request)) {
            chain.doFilter(request, response);
            return;
        }
        ErrorResponses.write(
                response,
                request.getRequestURI(),
                400,
                "This registry does not answer to the host '" + request.getServerName()
                        + "' (registry.http.allowed-hosts, registry.fhir.server-address)");
    }

    /** By the decoded, normalised path, so that {@code /actuator/health/../env} is not taken for a probe. */
    private static boolean isHealthProbe(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return path.equals("/actuator/health") || path.startsWith("/actuator/health/");
    }

    /** Lower case, an IPv6 address without its brackets. */
    private static String normalised(String host) {
        String lower = host == null ? "" : host.toLowerCase(Locale.ROOT);
        return lower.startsWith("[") && lower.endsWith("]") ? lower.substring(1, lower.length() - 1) : lower;
    }
}
