package org.regenregistry.server.request;

import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The container's error page: what Tomcat answers itself, before any servlet runs (an invalid character or escape in
 * the URL, a URL or header over the size limit), is an OperationOutcome, or problem+json under {@code /api}, instead
 * of Tomcat's HTML page, which a FHIR client cannot read.
 */
public class FhirErrorReportValve extends ErrorReportValve {

    private static final Logger log = LoggerFactory.getLogger(FhirErrorReportValve.class);

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.isCommitted()) {
            return;
        }
        String message = response.getMessage();
        if (message == null || message.isBlank()) {
            message = throwable != null && throwable.getMessage() != null
                    ? throwable.getMessage()
                    : defaultMessage(status);
        }
        try {
            response.setSuspended(false);
            ErrorResponses.write(response.getResponse(), request.getRequestURI(), status, message);
        } catch (IOException | IllegalStateException e) {
            log.debug("Could not write the error answer", e);
        }
    }

    private static String defaultMessage(int status) {
        return switch (status) {
            case 400 -> "The request is not valid HTTP: a character or escape in the URL, or a header, is malformed";
            case 404 -> "Nothing is served at this address";
            case 413, 414, 431 -> "The request line or its headers are larger than this server accepts";
            default -> "The request failed with status " + status;
        };
    }
}
