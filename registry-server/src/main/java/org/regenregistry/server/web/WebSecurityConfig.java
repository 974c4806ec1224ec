package org.regenregistry.server.web;

import org.regenregistry.server.security.ContentSecurityPolicy;
import org.regenregistry.server.security.SecuritySettings;
import org.regenregistry.server.security.WholePaths;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The web app's pages and assets, ahead of the API's bearer-token chain: public where trial-level records are ({@code
 * registry.security.public-trial-records}), refused otherwise. Every page carries the registry's {@link
 * ContentSecurityPolicy}; forms that change something are protected by Spring Security's CSRF tokens.
 */
@Configuration
class WebSecurityConfig {

    /** The public pages and their assets. */
    static final RequestMatcher PATHS =
            WholePaths.of("/", "/trials/**", "/trials.csv", "/compare", "/analysis", "/assets/**");

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
                        .contentSecurityPolicy(policy -> policy.policyDirectives(ContentSecurityPolicy.PAGES)))
                .exceptionHandling(exceptions ->
                        exceptions.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)))
                .requestCache(cache -> cache.disable());
        return http.build();
    }
}
