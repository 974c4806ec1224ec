package org.regenregistry.server.audit;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.regenregistry.server.security.Caller;
import org.regenregistry.server.web.WebPage;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A regulator's audit page: the access history of a subject (and every record of its compartment) or of a trial (and
 * the records that name it), newest first, and, when asked, the check of the whole audit chain and its signed
 * checkpoints (a walk over every record, so it runs on request, not on every view).
 */
@Controller
class AuditPages implements WebPage {

    /** The history's page: the newest records. */
    static final int HISTORY = 200;

    private final AuditLog audit;
    private final AuditVerification verification;
    private final AuditedRecords records;

    AuditPages(AuditLog audit, AuditVerification verification, AuditedRecords records) {
        this.audit = audit;
        this.verification = verification;
        this.records = records;
    }

    @GetMapping(path = "/regulator/audit", produces = "text/html")
    String audit(
            @RequestParam(required = false) String subject,
            @RequestParam(required = false) String trial,
            @RequestParam(defaultValue = "false") boolean verify,
            HttpServletRequest request,
            Model model) {
        String asked = subject == null || subject.isBlank() ? null : subject.trim();
        String study = trial == null || trial.isBlank() ? null : trial.trim();
        model.addAttribute("person", Caller.of(request).map(Caller::client).orElse(""));
        model.addAttribute("subject", asked);
        model.addAttribute("trial", study);
        model.addAttribute("chain", verify ? verification.verify() : null);
        List<AuditEntry> events = asked == null && study == null
                ? List.of()
                : new AuditQuery(records.asked(null, asked, study), null, null, null, null).page(audit, 0, HISTORY);
        model.addAttribute("events", events);
        return "audit";
    }
}
