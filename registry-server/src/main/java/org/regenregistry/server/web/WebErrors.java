package org.regenregistry.server.web;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.ModelAndView;

/**
 * The refusals of the web app's pages ({@link WebPage}) as pages: a bad search parameter or id is 400 with the reason,
 * no such trial or submission 404, the trial index down 503 (FHIR search still answers). Never a stack trace, never a
 * 500 for bad input.
 */
@ControllerAdvice(assignableTypes = WebPage.class)
class WebErrors {

    private static final Logger log = LoggerFactory.getLogger(WebErrors.class);

    @ExceptionHandler(IllegalArgumentException.class)
    ModelAndView badRequest(IllegalArgumentException e) {
        return page(HttpStatus.BAD_REQUEST, "This search cannot be run", e.getMessage());
    }

    @ExceptionHandler(ResponseStatusException.class)
    ModelAndView status(ResponseStatusException e) {
        HttpStatus status = HttpStatus.valueOf(e.getStatusCode().value());
        return page(
                status, status == HttpStatus.NOT_FOUND ? "Trial not found" : status.getReasonPhrase(), e.getReason());
    }

    @ExceptionHandler({IOException.class, ElasticsearchException.class})
    ModelAndView indexUnavailable(Exception e) {
        log.warn("A web page could not read the trial index: {}", e.toString());
        return page(
                HttpStatus.SERVICE_UNAVAILABLE,
                "Trial search is unavailable",
                "The trial index does not answer just now; try again in a minute. The FHIR API at /fhir still answers.");
    }

    private static ModelAndView page(HttpStatus status, String title, String detail) {
        ModelAndView page = new ModelAndView("problem");
        page.setStatus(status);
        page.addObject("status", status.value());
        page.addObject("title", title);
        page.addObject("detail", detail);
        return page;
    }
}
