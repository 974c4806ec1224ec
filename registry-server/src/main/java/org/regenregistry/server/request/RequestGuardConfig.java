package org.regenregistry.server.request;

import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.regenregistry.server.system.RequestLimitSettings;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The checks every request passes before HAPI or Spring MVC handle it, after the host and header filters of {@code
 * security}: readiness first, then the HTTP-level syntax of FHIR requests; and the container's own error page.
 */
@Configuration
class RequestGuardConfig {

    @Bean
    FilterRegistrationBean<ReadinessGateFilter> readinessGate(ApplicationAvailability availability) {
        FilterRegistrationBean<ReadinessGateFilter> registration =
                new FilterRegistrationBean<>(new ReadinessGateFilter(availability));
        registration.addUrlPatterns("/fhir/*", "/api/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 4);
        return registration;
    }

    @Bean
    FilterRegistrationBean<RequestSyntaxFilter> requestSyntax(RequestLimitSettings limits) {
        FilterRegistrationBean<RequestSyntaxFilter> registration =
                new FilterRegistrationBean<>(new RequestSyntaxFilter(limits));
        registration.addUrlPatterns("/fhir/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }

    /** Replaces Tomcat's HTML error page (and the one Boot configures) with {@link FhirErrorReportValve}. */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> fhirErrorPage() {
        return new WebServerFactoryCustomizer<>() {
            @Override
            public void customize(TomcatServletWebServerFactory factory) {
                factory.addContextCustomizers(context -> {
                    StandardHost host = (StandardHost) context.getParent();
                    for (Valve valve : host.getPipeline().getValves()) {
                        if (valve instanceof ErrorReportValve) {
                            host.getPipeline().removeValve(valve);
                        }
                    }
                    host.setErrorReportValveClass(FhirErrorReportValve.class.getName());
                    host.getPipeline().addValve(new FhirErrorReportValve());
                });
            }
        };
    }
}
