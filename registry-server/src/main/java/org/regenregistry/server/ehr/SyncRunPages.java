package org.regenregistry.server.ehr;

import jakarta.servlet.http.HttpServletRequest;
import org.regenregistry.server.security.Caller;
import org.regenregistry.server.security.SecuritySettings.Role;
import org.regenregistry.server.web.WebPage;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.server.ResponseStatusException;

/** A site's page of its EHR sync runs, the newest first, as the EHR admin API keeps them: counts, state, issues. */
@Controller
class SyncRunPages implements WebPage {

    static final int RUNS = 50;

    private final SyncRuns runs;

    SyncRunPages(SyncRuns runs) {
        this.runs = runs;
    }

    @GetMapping(path = "/site/sync-runs", produces = "text/html")
    String runs(HttpServletRequest request, Model model) {
        Caller caller = Caller.of(request)
                .filter(person -> person.is(Role.SITE))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.FORBIDDEN, "A site's page"));
        model.addAttribute("person", caller.client());
        model.addAttribute("site", caller.site());
        model.addAttribute("runs", runs.latest(caller.site(), RUNS));
        return "sync-runs";
    }
}
