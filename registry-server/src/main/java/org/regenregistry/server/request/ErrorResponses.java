package org.regenregistry.server.request;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.springframework.http.HttpStatus;

/**
 * Writes an error answer outside HAPI's request handling (servlet filters, the container's own error pages): an
 * {@code OperationOutcome} under {@code /fhir} and everywhere else but {@code /api}, an RFC 9457 {@code
 * application/problem+json} body under {@code /api}. A FHIR client never gets an HTML page.
 */
public final class ErrorResponses {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorResponses() {}

    /** Writes the answer for a request to {@code path} (the request URI without the query). */
    public static void write(HttpServletResponse response, String path, int status, String message) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(status);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        byte[] body;
        if (path != null && (path.equals("/api") || path.startsWith("/api/"))) {
            response.setContentType("application/problem+json");
            Map<String, Object> problem = new LinkedHashMap<>();
            problem.put("type", "about:blank");
            problem.put("title", reason(status));
            problem.put("status", status);
            problem.put("detail", message);
            problem.put("instance", path);
            body = JSON.writeValueAsBytes(problem);
        } else {
            response.setContentType("application/fhir+json");
            body = FHIR.newJsonParser()
                    .encodeResourceToString(outcome(status, message))
                    .getBytes(StandardCharsets.UTF_8);
        }
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }

    /** HAPI's messages start with its message code ({@code HAPI-1234: }), which means nothing to a client. */
    static String withoutHapiCode(String message) {
        return message == null ? "" : message.replaceFirst("^HAPI-\\d+: ", "");
    }

    /** An OperationOutcome of one error issue, its code by the HTTP status ({@code login} for 401 and so on). */
    public static OperationOutcome outcome(int status, String message) {
        OperationOutcome outcome = new OperationOutcome();
        outcome.addIssue()
                .setSeverity(OperationOutcome.IssueSeverity.ERROR)
                .setCode(code(status))
                .setDiagnostics(message);
        return outcome;
    }

    private static OperationOutcome.IssueType code(int status) {
        return switch (status) {
            case 401 -> OperationOutcome.IssueType.LOGIN;
            case 403 -> OperationOutcome.IssueType.FORBIDDEN;
            case 404 -> OperationOutcome.IssueType.NOTFOUND;
            case 413, 414, 431 -> OperationOutcome.IssueType.TOOLONG;
            case 415 -> OperationOutcome.IssueType.NOTSUPPORTED;
            case 503 -> OperationOutcome.IssueType.TRANSIENT;
            default -> status < 500 ? OperationOutcome.IssueType.INVALID : OperationOutcome.IssueType.EXCEPTION;
        };
    }

    private static String reason(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? "Error" : known.getReasonPhrase();
    }
}
