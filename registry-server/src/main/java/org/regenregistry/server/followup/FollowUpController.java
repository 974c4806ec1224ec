package org.regenregistry.server.followup;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.regenregistry.profiles.FhirIds;
import org.regenregistry.server.security.Caller;
import org.regenregistry.server.security.SecuritySettings.Role;
import org.regenregistry.server.system.Csv;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code /api/follow-up}: long-term follow-up for regulators (every site) and sites (their own subjects): the overdue
 * and lost subjects per site, as JSON or CSV, and compliance per trial and per site, on a day ({@code asOf}, today by
 * default, so that a regulator can see who was overdue on a past day).
 */
@RestController
class FollowUpController {

    private static final String CSV = "text/csv";

    private final FollowUpRecords records;
    private final Clock clock = Clock.systemUTC();

    FollowUpController(FollowUpRecords records) {
        this.records = records;
    }

    /**
     * The regulators' report.
     *
     * @param asOf the day assessed
     * @param subjects the overdue and lost subjects, by site, most overdue first
     */
    record OverdueReport(LocalDate asOf, List<FollowUpReport.Listed> subjects) {}

    /**
     * Compliance.
     *
     * @param asOf the day assessed
     * @param trials per trial
     * @param sites per site
     */
    record ComplianceReport(
            LocalDate asOf, List<FollowUpReport.Compliance> trials, List<FollowUpReport.Compliance> sites) {}

    @Operation(
            summary = "Overdue and lost follow-up subjects per site",
            description = "Subjects whose last expected follow-up contact (by their rr-follow-up-plan and, after"
                    + " gene therapy, FDA's 2020 long-term follow-up minimum) was missed (overdue), or whose last two"
                    + " were missed with nothing recorded since (lost), with the contacts missed; as JSON or, with"
                    + " Accept: text/csv or format=csv, as CSV. A site sees its own subjects only.")
    @ApiResponse(responseCode = "200", description = "The report")
    @ApiResponse(
            responseCode = "400",
            description = "A malformed parameter, or too many plans without a trial or site",
            content = @Content(schema = @Schema(implementation = ProblemDetail.class)))
    @GetMapping(
            path = "/api/follow-up/overdue",
            produces = {MediaType.APPLICATION_JSON_VALUE, CSV})
    ResponseEntity<?> overdue(
            @Parameter(description = "A trial's id") @RequestParam(required = false) String trial,
            @Parameter(description = "A site's id (a site's own by default for its callers)")
                    @RequestParam(required = false)
                    String site,
            @Parameter(description = "The day assessed, YYYY-MM-DD (today)") @RequestParam(required = false)
                    String asOf,
            @RequestParam(required = false) String format,
            @RequestHeader(value = "Accept", required = false) String accept,
            HttpServletRequest request) {
        LocalDate day = day(asOf);
        List<FollowUpReport.Listed> overdue = FollowUpReport.overdue(
                FollowUpReport.assess(records.read(trial(trial), site(site, request)), day), day);
        if ("csv".equals(format) || (format == null && accept != null && accept.startsWith(CSV))) {
            return ResponseEntity.ok()
                    .contentType(MediaType.parseMediaType(CSV + ";charset=UTF-8"))
                    .body(csv(overdue));
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(new OverdueReport(day, overdue));
    }

    @Operation(
            summary = "Follow-up compliance per trial and per site",
            description = "The share of expected contacts whose window has closed that were made on time, and how"
                    + " many subjects are on track, due, overdue, lost or complete. A site sees its own subjects only.")
    @GetMapping(path = "/api/follow-up/compliance", produces = MediaType.APPLICATION_JSON_VALUE)
    ComplianceReport compliance(
            @RequestParam(required = false) String trial,
            @RequestParam(required = false) String site,
            @RequestParam(required = false) String asOf,
            HttpServletRequest request) {
        LocalDate day = day(asOf);
        List<FollowUpReport.Assessed> assessed =
                FollowUpReport.assess(records.read(trial(trial), site(site, request)), day);
        return new ComplianceReport(day, FollowUpReport.byTrial(assessed), FollowUpReport.bySite(assessed));
    }

    /** RFC 4180 CSV, one line per overdue or lost subject. */
    static String csv(List<FollowUpReport.Listed> subjects) {
        StringBuilder out =
                new StringBuilder("site,trial,patient,plan,category,state,days_overdue,last_contact,missed\r\n");
        for (FollowUpReport.Listed subject : subjects) {
            List<String> fields = new ArrayList<>();
            fields.add(subject.site());
            fields.add(subject.trial());
            fields.add(subject.patient());
            fields.add(subject.plan());
            fields.add(subject.category());
            fields.add(subject.state().name().toLowerCase(Locale.ROOT));
            fields.add(Long.toString(subject.daysOverdue()));
            fields.add(
                    subject.lastContact() == null ? null : subject.lastContact().toString());
            fields.add(subject.missed().stream()
                    .map(missed -> missed.activity() + " " + missed.due())
                    .collect(Collectors.joining("; ")));
            out.append(Csv.row(fields));
        }
        return out.toString();
    }

    private LocalDate day(String asOf) {
        if (asOf == null || asOf.isBlank()) {
            return LocalDate.now(clock);
        }
        try {
            return LocalDate.parse(asOf.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("asOf must be a date (YYYY-MM-DD), not '" + asOf + "'");
        }
    }

    private static String trial(String trial) {
        if (trial != null && !FhirIds.isId(trial)) {
            throw new IllegalArgumentException("trial must be a ResearchStudy id, not '" + trial + "'");
        }
        return trial;
    }

    /** A regulator's choice of site, or a site caller's own site (another site's is refused). */
    private static String site(String site, HttpServletRequest request) {
        Caller caller = Caller.of(request).orElse(Caller.ANONYMOUS);
        if (caller.is(Role.REGULATOR)) {
            return site;
        }
        if (caller.is(Role.SITE) && caller.site() != null && (site == null || site.equals(caller.site()))) {
            return caller.site();
        }
        throw new ResponseStatusException(HttpStatus.FORBIDDEN, "a site sees its own subjects' follow-up only");
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badParameter(IllegalArgumentException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        problem.setTitle("Bad follow-up parameter");
        return problem;
    }
}
