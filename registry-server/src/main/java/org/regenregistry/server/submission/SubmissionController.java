package org.regenregistry.server.submission;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.regenregistry.server.security.Caller;
import org.regenregistry.server.security.SecuritySettings.Role;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The regulators' view of outcome submissions (and a site's view of its own): submissions by trial, site, period
 * and review state; one submission with its records and review notes; its verification (signature, bytes, drift);
 * what changed against the submission it superseded; the review workflow; and what each site owes by the trials'
 * reporting schedules, overdue first among them. A site sees and verifies its own submissions only; only a regulator
 * reviews.
 */
@RestController
class SubmissionController {

    private static final int MAX_LIMIT = 1_000;
    private static final int MAX_DUE = 10_000;

    private final Submissions submissions;
    private final SubmissionStore store;
    private final SubmissionVerification verification;
    private final SubmissionSchedule schedule;
    private final Clock clock = Clock.systemUTC();

    SubmissionController(
            Submissions submissions,
            SubmissionStore store,
            SubmissionVerification verification,
            SubmissionSchedule schedule) {
        this.submissions = submissions;
        this.store = store;
        this.verification = verification;
        this.schedule = schedule;
    }

    /** A review step: the state to move to and the reviewer's note. */
    record Review(String state, String note) {}

    @Operation(summary = "Submissions, newest first, by trial, site, period start (yyyy-mm-dd) and review state")
    @GetMapping(path = "/api/submissions", produces = MediaType.APPLICATION_JSON_VALUE)
    List<Submission> list(
            HttpServletRequest request,
            @RequestParam(required = false) String trial,
            @RequestParam(required = false) String site,
            @RequestParam(required = false) String period,
            @RequestParam(required = false) String state,
            @RequestParam(defaultValue = "0") int offset,
            @RequestParam(defaultValue = "100") int limit) {
        if (offset < 0 || limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("offset is 0 or more and limit between 1 and " + MAX_LIMIT);
        }
        String visible = siteFor(request, site);
        return store.list(
                new SubmissionStore.Filter(trial, visible, period == null ? null : date("period", period), state),
                offset,
                limit);
    }

    @Operation(summary = "One submission: what it is, the records it wrote (version-specific) and its review notes")
    @GetMapping(path = "/api/submissions/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> one(HttpServletRequest request, @PathVariable String id) {
        Submission submission = visible(request, id);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("submission", submission);
        out.put(
                "records",
                store.records(id).stream().map(Submission.Written::reference).toList());
        out.put("notes", submissions.notes(submission));
        return out;
    }

    @Operation(
            summary = "Checks a submission again: the kept bytes against the digest taken on receipt, the signature"
                    + " with the key it was verified with, and every record it wrote against the registry's current"
                    + " version (a change outside a submission is drift)")
    @GetMapping(path = "/api/submissions/{id}/verify", produces = MediaType.APPLICATION_JSON_VALUE)
    SubmissionVerification.Report verify(HttpServletRequest request, @PathVariable String id) {
        return verification.verify(visible(request, id));
    }

    @Operation(
            summary = "The records added, changed and removed between a submission and the one it superseded (or"
                    + " another, with against=)")
    @GetMapping(path = "/api/submissions/{id}/diff", produces = MediaType.APPLICATION_JSON_VALUE)
    SubmissionVerification.Diff diff(
            HttpServletRequest request, @PathVariable String id, @RequestParam(required = false) String against) {
        Submission submission = visible(request, id);
        String earlier = against != null ? against : submission.supersedes();
        if (earlier == null) {
            throw new IllegalArgumentException("Submission " + id + " superseded none; name one with against=");
        }
        return verification.diff(submission, visible(request, earlier));
    }

    @Operation(
            summary = "Moves a submission's review (requested, in-progress, on-hold, completed, rejected) with a note;"
                    + " regulators only")
    @PostMapping(
            path = "/api/submissions/{id}/review",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    Submission review(HttpServletRequest request, @PathVariable String id, @RequestBody Review review) {
        Caller caller = caller(request);
        if (!caller.is(Role.REGULATOR)) {
            throw new Forbidden("Only a regulator reviews submissions");
        }
        if (review == null || review.state() == null) {
            throw new IllegalArgumentException("A review names the state to move to");
        }
        return submissions.review(id, review.state(), review.note(), caller.client());
    }

    @Operation(
            summary = "Each site's reporting periods that have begun, by the trials' reporting schedules: submitted,"
                    + " open or overdue (at most limit of them)")
    @GetMapping(path = "/api/submissions/schedule", produces = MediaType.APPLICATION_JSON_VALUE)
    List<SubmissionSchedule.Due> schedule(
            HttpServletRequest request,
            @RequestParam(required = false) String trial,
            @RequestParam(required = false) String site,
            @RequestParam(defaultValue = "1000") int limit) {
        return due(request, trial, site).stream().limit(limit(limit)).toList();
    }

    @Operation(summary = "The overdue submissions, most overdue first (at most limit of them)")
    @GetMapping(path = "/api/submissions/overdue", produces = MediaType.APPLICATION_JSON_VALUE)
    List<SubmissionSchedule.Due> overdue(
            HttpServletRequest request,
            @RequestParam(required = false) String trial,
            @RequestParam(required = false) String site,
            @RequestParam(defaultValue = "1000") int limit) {
        return schedule.overdue(trial, siteFor(request, site), today()).stream()
                .limit(limit(limit))
                .toList();
    }

    /** The periods of the trial (or every scheduled trial) the caller may see, as of today. */
    private List<SubmissionSchedule.Due> due(HttpServletRequest request, String trial, String site) {
        return schedule.schedule(trial, siteFor(request, site), today());
    }

    private LocalDate today() {
        return LocalDate.now(clock.withZone(ZoneOffset.UTC));
    }

    private static int limit(int limit) {
        if (limit < 1 || limit > MAX_DUE) {
            throw new IllegalArgumentException("limit is between 1 and " + MAX_DUE);
        }
        return limit;
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badParameter(IllegalArgumentException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler(Submissions.NotFound.class)
    ProblemDetail notFound(Submissions.NotFound e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler(IllegalStateException.class)
    ProblemDetail conflict(IllegalStateException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler(Forbidden.class)
    ProblemDetail forbidden(Forbidden e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
    }

    /** A request the caller's role does not allow. */
    static final class Forbidden extends RuntimeException {
        Forbidden(String message) {
            super(message);
        }
    }

    /** The submission, if the caller may see it: a regulator any, a site its own; another site's is not there. */
    private Submission visible(HttpServletRequest request, String id) {
        Submission submission = submissions.found(id);
        Caller caller = caller(request);
        if (caller.is(Role.SITE) && !caller.site().equals(submission.site())) {
            throw new Submissions.NotFound("No submission has id " + id);
        }
        return submission;
    }

    /** The site a list is narrowed to: a site's own (asking for another's is refused), or what a regulator asks. */
    private static String siteFor(HttpServletRequest request, String site) {
        Caller caller = caller(request);
        if (!caller.is(Role.SITE)) {
            return site;
        }
        if (site != null && !site.equals(caller.site())) {
            throw new Forbidden("A site sees its own submissions only");
        }
        return caller.site();
    }

    private static Caller caller(HttpServletRequest request) {
        return Caller.of(request).orElseThrow(() -> new Forbidden("A token is needed"));
    }

    private static LocalDate date(String name, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be a date such as 2026-03-01, not " + value);
        }
    }
}
