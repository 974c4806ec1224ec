package org.regenregistry.server.request;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import java.net.URLDecoder;
import java.sql.SQLTimeoutException;
import org.regenregistry.server.system.RequestInterceptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.TransactionTimedOutException;

/**
 * Answers as the client's fault what HAPI reports as a server error although the client's input caused it: a body or
 * value HAPI could not parse, a malformed percent-escape, a number that is not one (400). A request that ran into the
 * database time limit ({@code registry.limits.timeout}) answers 503 with {@code Retry-After}: the server did not
 * fail, it refused to go on. Every other 500 stays a 500: it is the registry's own fault and is logged as one.
 */
@Component
@Interceptor
public class ClientErrorInterceptor implements RequestInterceptor {

    private static final Logger log = LoggerFactory.getLogger(ClientErrorInterceptor.class);

    @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
    public BaseServerResponseException clientCaused(RequestDetails request, Throwable exception) {
        if (exception instanceof BaseServerResponseException response
                && !(response instanceof InternalErrorException)) {
            return null;
        }
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (isTimeout(cause)) {
                log.warn("{} {} ran into the time limit", request.getRequestType(), request.getCompleteUrl());
                UnclassifiedServerFailureException busy = new UnclassifiedServerFailureException(
                        503,
                        "The request did not finish within the server's time limit; try again later or ask for less");
                busy.addResponseHeader("Retry-After", "10");
                return busy;
            }
            if (cause instanceof DataFormatException
                    || cause instanceof NumberFormatException
                    || isUrlDecoding(cause)) {
                return new InvalidRequestException(message(cause));
            }
        }
        return null;
    }

    private static boolean isTimeout(Throwable cause) {
        return cause instanceof SQLTimeoutException
                || cause instanceof QueryTimeoutException
                || cause instanceof TransactionTimedOutException
                || cause instanceof jakarta.persistence.QueryTimeoutException
                || cause instanceof org.hibernate.QueryTimeoutException
                || (cause instanceof org.hibernate.TransactionException
                        && String.valueOf(cause.getMessage()).contains("timeout expired"));
    }

    private static boolean isUrlDecoding(Throwable cause) {
        StackTraceElement[] stack = cause.getStackTrace();
        return cause instanceof IllegalArgumentException
                && stack.length > 0
                && stack[0].getClassName().equals(URLDecoder.class.getName());
    }

    private static String message(Throwable cause) {
        String message = ErrorResponses.withoutHapiCode(cause.getMessage());
        if (cause instanceof NumberFormatException) {
            return "Not a number the server can use: " + message.replace("For input string: ", "");
        }
        if (isUrlDecoding(cause)) {
            return "The URL is not correctly percent-encoded: " + message.replace("URLDecoder: ", "");
        }
        return message;
    }
}
