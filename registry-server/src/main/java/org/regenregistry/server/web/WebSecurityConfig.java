package org.regenregistry.server.web;

import java.util.stream.Stream;
import org.regenregistry.server.security.SecuritySettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The web app's pages and assets, ahead of the API's bearer-token chain: public where trial-level records are ({@code
 * registry.security.public-trial-records}), refused otherwise. Every page carries a Content-Security-Policy that lets
 * it load scripts, styles and images from the registry alone and runs no inline script or style, so text that got
 * into a record cannot run in a reader's browser even if it escaped the templates' escaping; forms that change
 * something are protected by Spring Security's CSRF tokens.
 */
@Configuration
class WebSecurityConfig {

    /** https://www.w3.org/TR/CSP3/ */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    /**
     * The pages' paths, matched against the whole path: Spring MVC's matching would take them relative to the servlet
     * that serves a request, so that {@code /} would also match HAPI's {@code /fhir/}.
     */
    static final RequestMatcher PATHS =
            new OrRequestMatcher(Stream.of("/", "/trials/**", "/trials.csv", "/compare", "/assets/**")
                    .map(PathPatternRequestMatcher.withDefaults()::matcher)
                    .map(RequestMatcher.class::cast)
                    .toList());

    @Bean
    @Order(1)
    SecurityFilterChain webPages(HttpSecurity http, SecuritySettings settings) throws Exception {
        http.securityMatcher(PATHS)
                .authorizeHttpRequests(requests -> {
                    if (settings.publicTrialRecords()) {
                        requests.anyRequest().permitAll();
                    } else {
                        requests.anyRequest().denyAll();
                    }
                })
                .headers(headers -> headers.defaultsDisabled()
                        .contentSecurityPolicy(policy -> policy.policyDirectives(CONTENT_SECURITY_POLICY)))
                .exceptionHandling(exceptions ->
                        exceptions.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)))
                .requestCache(cache -> cache.disable());
        return http.build();
    }
}
