package org.regenregistry.server.security;

import java.util.Map;
import org.regenregistry.server.system.FhirServerSettings;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;

/**
 * People sign in to the web app: regulators and a site's staff, with the same roles as the registry's clients. The
 * registry's pages for them ({@code /regulator/**}, {@code /site/**}) are a client of the built-in issuer (OpenID
 * Connect, authorization code with PKCE: {@link WebClientRegistrations}); the issuer asks who it is at {@code
 * /sign-in}, a form checked against {@code registry.security.people}. Both keep a session (a cookie, CSRF tokens on
 * every form) and carry the pages' Content-Security-Policy.
 *
 * <p>Off with an external issuer, where people sign in at that issuer.
 */
@Configuration
@ConditionalOnExpression("'${registry.security.issuer-uri:}'.isEmpty()")
class PeopleSignInConfig {

    @Bean
    UserDetailsService people(SecuritySettings settings) {
        Map<String, SecuritySettings.Person> people = settings.people();
        return name -> {
            SecuritySettings.Person person = people.get(name);
            if (person == null) {
                throw new UsernameNotFoundException("No such person");
            }
            return User.withUsername(name)
                    .password(person.password())
                    .roles(person.role().id())
                    .build();
        };
    }

    @Bean
    ClientRegistrationRepository webClientRegistrations(FhirServerSettings fhir) {
        return new WebClientRegistrations(fhir.serverAddress());
    }

    /**
     * Where a signed-in page asked for before sign-in is kept, apart from the authorization request the issuer keeps
     * while its form asks who it is: after sign-in the issuer goes back to its request, and the web app to the page.
     */
    private static RequestCache pagesRequested() {
        HttpSessionRequestCache cache = new HttpSessionRequestCache();
        cache.setSessionAttrName("REGISTRY_PAGE_REQUESTED");
        return cache;
    }

    /** The issuer's sign-in form and sign-out. */
    @Bean
    @Order(1)
    SecurityFilterChain signIn(HttpSecurity http, UserDetailsService people) throws Exception {
        http.securityMatcher(WholePaths.of("/sign-in", "/sign-out"))
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .userDetailsService(people)
                .formLogin(form -> form.loginPage("/sign-in").failureUrl("/sign-in?failed"))
                .logout(logout -> logout.logoutUrl("/sign-out").logoutSuccessUrl("/"))
                .headers(headers -> headers.defaultsDisabled()
                        .contentSecurityPolicy(policy -> policy.policyDirectives(ContentSecurityPolicy.PAGES)));
        return http.build();
    }

    /**
     * The signed-in pages: a regulator's under {@code /regulator}, a site's under {@code /site}; without a session,
     * the browser is sent to sign in, and a person of another role is refused (403).
     */
    @Bean
    @Order(1)
    SecurityFilterChain signedInPages(HttpSecurity http, ClientRegistrationRepository clients) throws Exception {
        String regulator = SecuritySettings.Role.REGULATOR.id();
        String site = SecuritySettings.Role.SITE.id();
        http.securityMatcher(WholePaths.of(
                        "/regulator",
                        "/regulator/**",
                        "/site",
                        "/site/**",
                        "/oauth2/authorization/**",
                        "/login/oauth2/code/**",
                        SignInPage.DENIED))
                .authorizeHttpRequests(
                        requests -> requests.requestMatchers(WholePaths.of("/regulator", "/regulator/**"))
                                .hasRole(regulator)
                                .requestMatchers(WholePaths.of("/site", "/site/**"))
                                .hasRole(site)
                                .anyRequest()
                                .permitAll())
                .requestCache(cache -> cache.requestCache(pagesRequested()))
                // another role's page is a page that says so (403), not the FHIR endpoint's OperationOutcome
                .exceptionHandling(exceptions -> exceptions.accessDeniedPage(SignInPage.DENIED))
                .oauth2Login(login -> login.clientRegistrationRepository(clients)
                        // without a session, straight to the issuer (there is no choice of provider to show)
                        .loginPage("/oauth2/authorization/" + WebClientRegistrations.ID)
                        .userInfoEndpoint(info -> info.userAuthoritiesMapper(PersonAuthorities::of)))
                .headers(headers -> headers.defaultsDisabled()
                        .contentSecurityPolicy(policy -> policy.policyDirectives(ContentSecurityPolicy.PAGES)));
        return http.build();
    }
}
