package org.regenregistry.server.security;

import java.util.Arrays;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Request matchers for the registry's own pages, on the request's whole path. Spring Security's string patterns are
 * matched the Spring MVC way, relative to the servlet serving a request, so that {@code /} would also match HAPI's
 * {@code /fhir/} (the path within HAPI's servlet) and a page's rules would apply to FHIR requests.
 */
public final class WholePaths {

    private WholePaths() {}

    /** Any of {@code patterns} (Spring's path patterns: {@code /trials/**}). */
    public static RequestMatcher of(String... patterns) {
        return new OrRequestMatcher(Arrays.stream(patterns)
                .map(PathPatternRequestMatcher.withDefaults()::matcher)
                .map(RequestMatcher.class::cast)
                .toList());
    }
}
