package org.regenregistry.server.request;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import org.regenregistry.server.system.RequestLimitSettings;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses, before HAPI sees it, a FHIR request that is malformed at the HTTP level, with a 4xx and an
 * OperationOutcome that says what is wrong (HAPI answers several of these with 500):
 *
 * <ul>
 *   <li>a percent sign in the URL that does not start a {@code %XX} escape (400);
 *   <li>an {@code If-Modified-Since} or {@code If-Unmodified-Since} that is not an HTTP date, an {@code If-Match}
 *       or {@code If-None-Match} that is not an entity tag (400; <a
 *       href="https://www.rfc-editor.org/rfc/rfc9110#name-conditional-requests">RFC 9110</a>);
 *   <li>a body in a format the FHIR endpoint does not read (415); only {@code Binary} takes any content type;
 *   <li>a body over {@code registry.limits.max-body-size} (413), also when it is sent chunked.
 * </ul>
 */
class RequestSyntaxFilter extends OncePerRequestFilter {

    /** The formats of <a href="https://hl7.org/fhir/R4/http.html#mime-type">FHIR's RESTful API</a> HAPI reads. */
    private static final Set<String> BODY_TYPES = Set.of(
            "application/fhir+json",
            "application/json+fhir",
            "application/json",
            "application/fhir+xml",
            "application/xml+fhir",
            "application/xml",
            "text/xml",
            "application/json-patch+json",
            "application/x-www-form-urlencoded");

    private static final Set<String> DATE_HEADERS = Set.of("If-Modified-Since", "If-Unmodified-Since");
    private static final Set<String> TAG_HEADERS = Set.of("If-Match", "If-None-Match");

    private final long maxBodySize;

    RequestSyntaxFilter(RequestLimitSettings limits) {
        this.maxBodySize = limits.maxBodySize().toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Refusal refusal = refusalOf(request);
        if (refusal != null) {
            ErrorResponses.write(response, request.getRequestURI(), refusal.status(), refusal.message());
            return;
        }
        if (request.getContentLengthLong() > maxBodySize) {
            ErrorResponses.write(response, request.getRequestURI(), 413, tooLarge());
            return;
        }
        if (request.getContentLengthLong() < 0 && hasBody(request) && !isForm(request)) {
            byte[] body = readUpTo(request.getInputStream(), maxBodySize + 1);
            if (body.length > maxBodySize) {
                ErrorResponses.write(response, request.getRequestURI(), 413, tooLarge());
                return;
            }
            chain.doFilter(new BufferedBody(request, body), response);
            return;
        }
        chain.doFilter(request, response);
    }

    /** Why the request is refused, with which status. */
    record Refusal(int status, String message) {}

    /** Why the request is refused, or {@code null} when nothing here is wrong with it. */
    static Refusal refusalOf(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String query = request.getQueryString();
        if (HttpSyntax.hasBadEscape(uri) || (query != null && HttpSyntax.hasBadEscape(query))) {
            return new Refusal(400, "The URL has a '%' that does not start a percent-encoded byte (%XX)");
        }
        for (String header : DATE_HEADERS) {
            String value = request.getHeader(header);
            if (value != null && !isHttpDate(value)) {
                return new Refusal(400, header + " is not an HTTP date (e.g. Wed, 02 Dec 2026 10:00:00 GMT): " + value);
            }
        }
        for (String header : TAG_HEADERS) {
            String value = request.getHeader(header);
            if (value != null && !value.trim().equals("*") && !HttpSyntax.isEntityTag(value)) {
                return new Refusal(400, header + " is not an entity tag (e.g. W/\"3\"): " + value);
            }
        }
        String contentType = request.getContentType();
        if (contentType != null && hasBody(request) && !isBinary(uri)) {
            String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (!BODY_TYPES.contains(mediaType)) {
                return new Refusal(
                        415,
                        "The FHIR endpoint does not read " + mediaType
                                + "; send application/fhir+json or application/fhir+xml");
            }
        }
        return null;
    }

    private static boolean hasBody(HttpServletRequest request) {
        String method = request.getMethod();
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }

    /** Tomcat reads form bodies itself (and bounds them by its {@code max-http-form-post-size}). */
    private static boolean isForm(HttpServletRequest request) {
        String contentType = request.getContentType();
        return contentType != null
                && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    private static boolean isBinary(String uri) {
        return uri.contains("/Binary");
    }

    private static boolean isHttpDate(String value) {
        try {
            DateTimeFormatter.RFC_1123_DATE_TIME.parse(value.trim());
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private String tooLarge() {
        return "The request body is larger than this server accepts (" + maxBodySize
                + " bytes); split it into smaller requests";
    }

    private static byte[] readUpTo(InputStream in, long limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int read;
        while (out.size() < limit && (read = in.read(buffer)) >= 0) {
            out.write(buffer, 0, read);
        }
        return out.toByteArray();
    }

    /** A request whose (chunked) body has been read here, within the limit. */
    private static final class BufferedBody extends HttpServletRequestWrapper {

        private final byte[] body;

        BufferedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] bytes, int offset, int length) {
                    return in.read(bytes, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body has been read already");
                }
            };
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
