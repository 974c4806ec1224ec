package org.regenregistry.server.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.regenregistry.server.request.ErrorResponses;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * The answers to a request without the right token, in the registry's error format (an OperationOutcome, or
 * problem+json under {@code /api}): 401 with a {@code WWW-Authenticate: Bearer} challenge when the token is missing
 * or not valid (<a href="https://www.rfc-editor.org/rfc/rfc6750#section-3">RFC 6750</a>), 403 when the token is
 * valid but its role does not reach the endpoint.
 */
public final class BearerErrors implements AuthenticationEntryPoint, AccessDeniedHandler {

    static final String REALM = "regen-registry";

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        String reason = failure instanceof OAuth2AuthenticationException oauth
                        && oauth.getError().getDescription() != null
                ? oauth.getError().getDescription()
                : "This request needs a bearer access token (Authorization: Bearer ...)";
        unauthorized(request, response, reason);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        String who = SecurityContextHolder.getContext().getAuthentication() instanceof CallerAuthentication checked
                ? checked.caller().describe()
                : "this caller";
        ErrorResponses.write(
                response,
                request.getRequestURI(),
                403,
                request.getRequestURI() + " is not open to " + who + ": it needs the role registry-admin");
    }

    /** The challenge of a 401, with the reason as its description. */
    public static String challenge(String reason) {
        return "Bearer realm=\"" + REALM + "\", error=\"invalid_token\", error_description=\""
                + reason.replace('"', '\'').replace('\\', '/') + "\"";
    }

    private static void unauthorized(HttpServletRequest request, HttpServletResponse response, String reason)
            throws IOException {
        response.setHeader("WWW-Authenticate", challenge(reason));
        ErrorResponses.write(response, request.getRequestURI(), 401, reason);
    }
}
