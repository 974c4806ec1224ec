package org.regenregistry.server.audit;

import java.time.Clock;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** The audit filter, ahead of every other filter, so requests refused by them are recorded too. */
@Configuration
class AuditConfig {

    @Bean
    FilterRegistrationBean<AuditFilter> auditFilter(AuditLog audit) {
        FilterRegistrationBean<AuditFilter> registration =
                new FilterRegistrationBean<>(new AuditFilter(audit, Clock.systemUTC()));
        registration.addUrlPatterns(
                "/fhir/*",
                "/fhir",
                "/api/*",
                "/oauth2/*",
                "/dev/*",
                "/actuator/*",
                // the web app's pages: the public ones (trial-level reads), signing in and out, the signed-in ones
                "/",
                "/trials/*",
                "/trials.csv",
                "/compare",
                "/analysis",
                "/sign-in",
                "/sign-out",
                "/regulator",
                "/regulator/*",
                "/site",
                "/site/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
