package org.regenregistry.server.request;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers {@code 503 Service Unavailable} with {@code Retry-After} to every FHIR and API request until the registry
 * is ready. The web server opens before the start-up steps finish (on a new database the FHIR package, with its
 * profiles and search parameters, is installed after it), and a request served in that window would get a wrong
 * answer: a search parameter "unknown", a trial accepted without its profile's rules.
 */
class ReadinessGateFilter extends OncePerRequestFilter {

    private static final String RETRY_AFTER_SECONDS = "5";

    private final ApplicationAvailability availability;

    ReadinessGateFilter(ApplicationAvailability availability) {
        this.availability = availability;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (availability.getReadinessState() == ReadinessState.ACCEPTING_TRAFFIC) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
        ErrorResponses.write(
                response,
                request.getRequestURI(),
                HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                "The registry is starting and not yet ready; try again in " + RETRY_AFTER_SECONDS + " seconds");
    }
}
