package org.regenregistry.server.submission;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.regenregistry.server.followup.FollowUpOverview;
import org.regenregistry.server.security.Caller;
import org.regenregistry.server.security.SecuritySettings.Role;
import org.regenregistry.server.web.WebPage;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The signed-in pages of outcome submissions: a regulator's queue (by trial, site, period and review state) with the
 * overdue periods, one submission's verification and its diff against the one it superseded, and a site's own
 * submissions with their review state and its overdue periods; both with the subjects overdue or lost in long-term
 * follow-up. They read what {@code /api/submissions} reads, for the
 * person signed in (the sign-in decides the role; a site sees its own only).
 */
@Controller
class SubmissionPages implements WebPage {

    /** The queue's page: the newest submissions first. */
    static final int QUEUE = 200;

    private final Submissions submissions;
    private final SubmissionStore store;
    private final SubmissionVerification verification;
    private final SubmissionSchedule schedule;
    private final FollowUpOverview followUp;
    private final Clock clock = Clock.systemUTC();

    SubmissionPages(
            Submissions submissions,
            SubmissionStore store,
            SubmissionVerification verification,
            SubmissionSchedule schedule,
            FollowUpOverview followUp) {
        this.submissions = submissions;
        this.store = store;
        this.verification = verification;
        this.schedule = schedule;
        this.followUp = followUp;
    }

    @GetMapping(path = "/regulator", produces = "text/html")
    String queue(
            @RequestParam(required = false) String trial,
            @RequestParam(required = false) String site,
            @RequestParam(required = false) String period,
            @RequestParam(required = false) String state,
            HttpServletRequest request,
            Model model) {
        String trialFilter = blank(trial);
        String siteFilter = blank(site);
        String stateFilter = blank(state);
        LocalDate periodFilter = blank(period) == null ? null : date(period);
        model.addAttribute("person", Caller.of(request).map(Caller::client).orElse(""));
        model.addAttribute("trial", trialFilter);
        model.addAttribute("site", siteFilter);
        model.addAttribute("period", periodFilter);
        model.addAttribute("state", stateFilter);
        model.addAttribute("states", List.of("requested", "in-progress", "on-hold", "completed", "rejected"));
        model.addAttribute(
                "submissions",
                store.list(new SubmissionStore.Filter(trialFilter, siteFilter, periodFilter, stateFilter), 0, QUEUE));
        model.addAttribute("overdue", overdue(trialFilter, siteFilter));
        model.addAttribute("followUp", followUp.overdue(trialFilter, siteFilter));
        return "regulator";
    }

    @GetMapping(path = "/regulator/submissions/{id}", produces = "text/html")
    String submission(@PathVariable String id, HttpServletRequest request, Model model) {
        Submission submission = found(id);
        model.addAttribute("person", Caller.of(request).map(Caller::client).orElse(""));
        model.addAttribute("submission", submission);
        model.addAttribute("notes", submissions.notes(submission));
        model.addAttribute("report", verification.verify(submission));
        model.addAttribute(
                "diff",
                submission.supersedes() == null ? null : verification.diff(submission, found(submission.supersedes())));
        return "submission";
    }

    @GetMapping(path = "/site", produces = "text/html")
    String site(HttpServletRequest request, Model model) {
        Caller caller = Caller.of(request)
                .filter(person -> person.is(Role.SITE))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.FORBIDDEN, "A site's page"));
        model.addAttribute("person", caller.client());
        model.addAttribute("site", caller.site());
        model.addAttribute(
                "submissions", store.list(new SubmissionStore.Filter(null, caller.site(), null, null), 0, QUEUE));
        model.addAttribute("overdue", overdue(null, caller.site()));
        model.addAttribute("followUp", followUp.overdue(null, caller.site()));
        return "site";
    }

    private List<SubmissionSchedule.Due> overdue(String trial, String site) {
        try {
            return schedule.overdue(trial, site, LocalDate.now(clock.withZone(ZoneOffset.UTC)));
        } catch (Submissions.NotFound e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, e.getMessage());
        }
    }

    private Submission found(String id) {
        try {
            return submissions.found(id);
        } catch (Submissions.NotFound e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, e.getMessage());
        }
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static LocalDate date(String value) {
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("period must be a date such as 2026-03-01, not " + value);
        }
    }
}
