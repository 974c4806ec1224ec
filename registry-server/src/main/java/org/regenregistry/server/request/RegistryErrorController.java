package org.regenregistry.server.request;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * {@code /error}, where the servlet container sends a request that failed outside HAPI and Spring MVC's own
 * handlers (an unknown path, a filter's error): answered as an OperationOutcome, or problem+json under {@code /api},
 * never Boot's default JSON or an HTML page. Asked for directly, {@code /error} is not a resource: 404.
 */
@Controller
class RegistryErrorController implements ErrorController {

    @RequestMapping("/error")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (!(status instanceof Integer code) || code < 400) {
            ErrorResponses.write(response, request.getRequestURI(), 404, "Nothing is served at /error");
            return;
        }
        Object message = request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        String text = message instanceof String given && !given.isBlank()
                ? given
                : code == 404 ? "Nothing is served at " + uri : "The request failed with status " + code;
        ErrorResponses.write(response, uri instanceof String path ? path : "", code, text);
    }
}
