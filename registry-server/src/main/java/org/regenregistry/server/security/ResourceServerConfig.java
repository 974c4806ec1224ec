package org.regenregistry.server.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.regenregistry.server.request.ErrorResponses;
import org.regenregistry.server.security.SecuritySettings.Role;
import org.regenregistry.server.system.FhirServerSettings;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Every endpoint but the authorization server's: a bearer JWT is checked (signature by the issuer's keys, {@code
 * iss}, {@code aud} = the registry's FHIR base, {@code exp} and {@code nbf} with a minute of clock skew) whenever
 * one is sent, and a bad one answers 401 on every path. What needs a token and which role:
 *
 * <ul>
 *   <li>open: health probes, the JWKS, the SMART configuration, the OpenAPI document, and under {@code /fhir}
 *       whatever the FHIR rules of {@code access} leave open (the CapabilityStatement; trial-level records when
 *       {@code registry.security.public-trial-records} is on); {@code /api/trials} likewise;
 *   <li>{@code registry-admin}: every other actuator endpoint, the EHR sync admin API;
 *   <li>a token of any role: everything else, with the FHIR rules deciding under {@code /fhir}.
 * </ul>
 */
@Configuration
@EnableWebSecurity
public class ResourceServerConfig {

    /**
     * {@code registry_authorization_seconds}: the time spent deciding who may do what, by {@code step}: {@code token}
     * (checking a bearer token) and {@code rules} (the FHIR access rules).
     */
    public static final String AUTHORIZATION_TIMER = "registry.authorization";

    private static final String ADMIN = Role.REGISTRY_ADMIN.id();
    private static final String REGULATOR = Role.REGULATOR.id();
    private static final String SITE = Role.SITE.id();

    /** The timer of one {@code step} of {@link #AUTHORIZATION_TIMER}. */
    public static Timer authorizationTimer(MeterRegistry meters, String step) {
        return Timer.builder(AUTHORIZATION_TIMER)
                .description("Time spent deciding who may do what: checking tokens and applying the access rules")
                .tag("step", step)
                .register(meters);
    }

    @Bean
    @Order(2)
    SecurityFilterChain endpoints(
            HttpSecurity http,
            SecuritySettings settings,
            AuthenticationManagerResolver<HttpServletRequest> tokens,
            BearerErrors errors)
            throws Exception {
        http.authorizeHttpRequests(requests -> {
                    requests.requestMatchers("/actuator/health", "/actuator/health/**")
                            .permitAll()
                            .requestMatchers("/actuator/**")
                            .hasRole(ADMIN)
                            .requestMatchers(
                                    "/api/ehr/jwks",
                                    "/api/audit/jwks",
                                    "/oauth2/jwks",
                                    "/v3/api-docs",
                                    "/v3/api-docs/**")
                            .permitAll()
                            .requestMatchers("/api/ehr/**", "/api/imports/**")
                            .hasRole(ADMIN)
                            .requestMatchers("/api/audit/**")
                            .hasRole(REGULATOR)
                            .requestMatchers("/api/submissions", "/api/submissions/**")
                            .hasAnyRole(REGULATOR, SITE)
                            .requestMatchers("/api/follow-up/**")
                            .hasAnyRole(REGULATOR, SITE)
                            .requestMatchers("/fhir", "/fhir/**", "/dev/token", "/error")
                            .permitAll();
                    if (settings.publicTrialRecords()) {
                        requests.requestMatchers("/api/trials", "/api/trials/**", "/api/analysis", "/api/analysis/**")
                                .permitAll();
                    }
                    requests.anyRequest().authenticated();
                })
                .oauth2ResourceServer(server -> server.authenticationManagerResolver(tokens)
                        .authenticationEntryPoint(errors)
                        .accessDeniedHandler(errors))
                .exceptionHandling(exceptions ->
                        exceptions.authenticationEntryPoint(errors).accessDeniedHandler(errors))
                .csrf(csrf -> csrf.disable())
                .headers(headers -> headers.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    @Bean
    TokenClaims tokenClaims(SecuritySettings settings) {
        return new TokenClaims(settings);
    }

    @Bean
    BearerErrors bearerErrors() {
        return new BearerErrors();
    }

    /** The caller on the request for the FHIR layer, right after Spring Security. */
    @Bean
    FilterRegistrationBean<CallerFilter> callerFilter(TokenClaims claims) {
        FilterRegistrationBean<CallerFilter> registration = new FilterRegistrationBean<>(new CallerFilter(claims));
        registration.addUrlPatterns("/*");
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 1);
        return registration;
    }

    /** What an external issuer may sign with: the RSA and elliptic-curve algorithms OpenID providers use. */
    private static final List<SignatureAlgorithm> EXTERNAL_ALGORITHMS = List.of(
            SignatureAlgorithm.RS256,
            SignatureAlgorithm.RS384,
            SignatureAlgorithm.RS512,
            SignatureAlgorithm.PS256,
            SignatureAlgorithm.ES256,
            SignatureAlgorithm.ES384);

    /**
     * Which tokens the registry takes. From the built-in issuer: signed by its key (read in process, not over
     * HTTP), with {@code iss} the registry's root, which is {@code registry.fhir.server-address}'s or, without one,
     * the address the request came in on (its host passed the host check); one decoder per such root. From an
     * external issuer: its {@code issuer-uri} and keys.
     */
    @Bean
    AuthenticationManagerResolver<HttpServletRequest> tokens(
            SecuritySettings settings,
            FhirServerSettings fhir,
            TokenClaims claims,
            ObjectProvider<JWKSource<SecurityContext>> builtInKeys,
            MeterRegistry meters) {
        Timer checks = authorizationTimer(meters, "token");
        Map<String, AuthenticationManager> byIssuer = new ConcurrentHashMap<>();
        if (!settings.builtInIssuer()) {
            if (fhir.serverAddress().isBlank()) {
                throw new IllegalStateException("registry.security.issuer-uri needs registry.fhir.server-address:"
                        + " the external issuer's tokens are checked for it as their audience");
            }
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(
                            settings.jwkSetUri().toString())
                    .jwsAlgorithms(algorithms -> algorithms.addAll(EXTERNAL_ALGORITHMS))
                    .build();
            decoder.setJwtValidator(validator(settings.issuerUri().toString(), fhir.serverAddress()));
            AuthenticationManager manager = manager(decoder, claims, checks);
            return request -> manager;
        }
        JWKSource<SecurityContext> keys = builtInKeys.getObject();
        return request ->
                byIssuer.computeIfAbsent(OAuthEndpoints.builtInIssuer(request, fhir.serverAddress()), issuer -> {
                    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
                    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
                    NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
                    decoder.setJwtValidator(validator(issuer, OAuthEndpoints.audience(issuer, fhir.serverAddress())));
                    return manager(decoder, claims, checks);
                });
    }

    private static OAuth2TokenValidator<Jwt> validator(String issuer, String audience) {
        return new DelegatingOAuth2TokenValidator<>(List.of(
                JwtValidators.createDefault(),
                new JwtIssuerValidator(issuer),
                new JwtClaimValidator<List<String>>(
                        "aud", audiences -> audiences != null && audiences.contains(audience))));
    }

    private static AuthenticationManager manager(JwtDecoder decoder, TokenClaims claims, Timer checks) {
        JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder);
        provider.setJwtAuthenticationConverter(claims::authentication);
        ProviderManager manager = new ProviderManager(provider);
        return authentication -> {
            Timer.Sample started = Timer.start();
            try {
                return manager.authenticate(authentication);
            } finally {
                started.stop(checks);
            }
        };
    }

    /** The SMART configuration, after the host check and before HAPI, which serves every other path under /fhir. */
    @Bean
    FilterRegistrationBean<SmartConfigurationFilter> smartConfiguration(
            SecuritySettings settings, FhirServerSettings fhir) {
        FilterRegistrationBean<SmartConfigurationFilter> registration =
                new FilterRegistrationBean<>(new SmartConfigurationFilter(settings, fhir.serverAddress()));
        registration.addUrlPatterns(SmartConfigurationFilter.PATH);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 6);
        return registration;
    }

    /**
     * Spring Security's firewall on the URL, with one refusal left to the registry's own checks: an encoded {@code %}
     * in the path, which {@code request} answers with the reason FHIR clients get for every malformed escape. Header
     * and parameter values it would check only when HAPI reads them, too late to answer anything but 500; they are
     * left to the registry's request checks and HAPI's parsers, which answer 4xx.
     */
    @Bean
    HttpFirewall firewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowUrlEncodedPercent(true);
        firewall.setAllowedHeaderNames(name -> true);
        firewall.setAllowedHeaderValues(value -> true);
        firewall.setAllowedParameterNames(name -> true);
        firewall.setAllowedParameterValues(value -> true);
        return firewall;
    }

    /** A URL Spring Security's firewall refuses is answered like every other malformed request: 400 and a reason. */
    @Bean
    RequestRejectedHandler requestRejected() {
        return (request, response, rejected) -> ErrorResponses.write(
                response,
                request.getRequestURI(),
                400,
                "The URL is not one the registry accepts: " + rejected.getMessage());
    }
}
