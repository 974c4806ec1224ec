package org.regenregistry.server.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Attaches the {@link Caller} to the request, after Spring Security has checked its token: {@link
 * Caller#ANONYMOUS} when there was none.
 */
final class CallerFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Caller caller = SecurityContextHolder.getContext().getAuthentication() instanceof CallerAuthentication checked
                ? checked.caller()
                : Caller.ANONYMOUS;
        request.setAttribute(Caller.ATTRIBUTE, caller);
        chain.doFilter(request, response);
    }
}
