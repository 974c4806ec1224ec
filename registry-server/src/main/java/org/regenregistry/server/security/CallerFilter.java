package org.regenregistry.server.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Attaches the {@link Caller} to the request, after Spring Security has checked its token, or found the person signed
 * in to the web app in the session (the claims of the ID token the built-in issuer gave at sign-in): {@link
 * Caller#ANONYMOUS} when there was neither.
 */
final class CallerFilter extends OncePerRequestFilter {

    private final TokenClaims claims;

    CallerFilter(TokenClaims claims) {
        this.claims = claims;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        request.setAttribute(
                Caller.ATTRIBUTE, caller(SecurityContextHolder.getContext().getAuthentication()));
        chain.doFilter(request, response);
    }

    private Caller caller(Authentication authentication) {
        if (authentication instanceof CallerAuthentication checked) {
            return checked.caller();
        }
        if (authentication instanceof OAuth2AuthenticationToken signedIn
                && signedIn.getPrincipal() instanceof OidcUser person) {
            return claims.caller(person.getClaims(), person.getSubject());
        }
        return Caller.ANONYMOUS;
    }
}
