package org.regenregistry.server.security;

import java.util.List;
import org.regenregistry.server.system.FhirServerSettings;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * The filters in front of every endpoint, before the request checks of {@code request}: the security headers first
 * (so that even a refusal carries them), then the {@code Host} check, then CORS for the configured web origins.
 */
@Configuration
class HttpSecurityConfig {

    @Bean
    FilterRegistrationBean<AllowedHostFilter> allowedHosts(HttpSecuritySettings settings, FhirServerSettings fhir) {
        FilterRegistrationBean<AllowedHostFilter> registration =
                new FilterRegistrationBean<>(new AllowedHostFilter(settings, fhir.serverAddress()));
        registration.addUrlPatterns("/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }

    @Bean
    FilterRegistrationBean<SecurityHeadersFilter> securityHeaders() {
        FilterRegistrationBean<SecurityHeadersFilter> registration =
                new FilterRegistrationBean<>(new SecurityHeadersFilter());
        registration.addUrlPatterns("/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    /**
     * Cross-origin calls from the configured origins only: a preflight or an ordinary request that names any other
     * origin answers 403 without CORS headers, and is not served.
     */
    @Bean
    FilterRegistrationBean<CorsFilter> cors(HttpSecuritySettings settings) {
        CorsConfiguration policy = new CorsConfiguration();
        policy.setAllowedOrigins(List.copyOf(settings.corsAllowedOrigins()));
        policy.setAllowedMethods(List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"));
        policy.setAllowedHeaders(List.of(
                "Authorization",
                "Content-Type",
                "Accept",
                "If-Match",
                "If-None-Match",
                "If-None-Exist",
                "If-Modified-Since",
                "Prefer"));
        policy.setExposedHeaders(List.of("Location", "Content-Location", "ETag", "Last-Modified"));
        policy.setMaxAge(3600L);
        // the filter's URL patterns choose the endpoints; under /fhir the path the source sees is HAPI's, without /fhir
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", policy);
        FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(new CorsFilter(source));
        registration.addUrlPatterns("/fhir/*", "/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
        return registration;
    }
}
