package org.regenregistry.server.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Attaches the {@link Caller} to the request, after Spring Security has checked its token: {@link
 * Caller#ANONYMOUS} when there was none.
 */
final class CallerFilter extends OncePerRequestFilter {

    private final TokenClaims claims;

    CallerFilter(TokenClaims claims) {
        this.claims = claims;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        Caller caller = authentication instanceof JwtAuthenticationToken token
                ? claims.caller(token.getToken())
                : Caller.ANONYMOUS;
        request.setAttribute(Caller.ATTRIBUTE, caller);
        chain.doFilter(request, response);
    }
}
