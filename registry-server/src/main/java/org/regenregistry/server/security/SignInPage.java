package org.regenregistry.server.security;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The built-in issuer's sign-in form for people ({@link PeopleSignInConfig}): a regulator or a site's staff give their
 * name and password; the form posts back here with a CSRF token, and a failed attempt says so without saying which of
 * the two was wrong.
 */
@Controller
class SignInPage {

    /** Where a signed-in person is shown that their role does not give them a page. */
    static final String DENIED = "/signed-in/denied";

    @GetMapping(path = "/sign-in", produces = "text/html")
    String signIn(@RequestParam(required = false) String failed, Model model) {
        model.addAttribute("failed", failed != null);
        return "sign-in";
    }

    @RequestMapping(path = DENIED, produces = "text/html")
    String denied(HttpServletResponse response, Model model) {
        response.setStatus(HttpStatus.FORBIDDEN.value());
        model.addAttribute("status", HttpStatus.FORBIDDEN.value());
        model.addAttribute("error", HttpStatus.FORBIDDEN.getReasonPhrase());
        return "error";
    }
}
