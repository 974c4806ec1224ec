package org.regenregistry.server.audit;

import io.swagger.v3.oas.annotations.Operation;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
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

/**
 * The auditor's view of the audit trail (regulators): who did what to which record, when (as JSON, or CSV for the
 * auditor's own tools), and whether the trail is as it was written. The public key of the signed checkpoints is
 * published for anyone to check them.
 */
@RestController
class AuditController {

    private static final int MAX_EVENTS = 10_000;
    private static final String CSV = "text/csv";

    private final AuditLog audit;
    private final AuditVerification verification;
    private final AuditSigningKey key;
    private final AuditedRecords records;

    AuditController(AuditLog audit, AuditVerification verification, AuditSigningKey key, AuditedRecords records) {
        this.audit = audit;
        this.verification = verification;
        this.key = key;
        this.records = records;
    }

    @Operation(
            summary = "Recomputes the audit chain, checks its signed checkpoints and names the first record that"
                    + " was altered, removed or inserted")
    @GetMapping(path = "/api/audit/verify", produces = MediaType.APPLICATION_JSON_VALUE)
    AuditVerification.Report verify() {
        return verification.verify();
    }

    @Operation(summary = "The public key the audit checkpoints are signed with, as a JWK Set")
    @GetMapping(
            path = "/api/audit/jwks",
            produces = {"application/jwk-set+json", MediaType.APPLICATION_JSON_VALUE})
    Map<String, Object> jwks() {
        return key.publicJwks();
    }

    @Operation(
            summary = "Audit records, newest first: of a record (entity=Patient/123), of a subject and its records"
                    + " (subject=Patient/123), of a trial and its records (trial=ResearchStudy/abc), of a client, of a"
                    + " site, in a period; as JSON or, with Accept: text/csv, as CSV")
    @GetMapping(
            path = "/api/audit/events",
            produces = {MediaType.APPLICATION_JSON_VALUE, CSV})
    ResponseEntity<?> events(
            @RequestParam(required = false) String entity,
            @RequestParam(required = false) String subject,
            @RequestParam(required = false) String trial,
            @RequestParam(required = false) String client,
            @RequestParam(required = false) String site,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(defaultValue = "100") int limit,
            @RequestParam(required = false) String format,
            @RequestHeader(value = "Accept", required = false) String accept) {
        if (limit < 1 || limit > MAX_EVENTS) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_EVENTS);
        }
        AuditQuery query = new AuditQuery(
                records.asked(entity, subject, trial),
                client,
                site,
                from == null ? null : instant("from", from),
                to == null ? null : instant("to", to));
        List<AuditEntry> events = query.page(audit, 0, limit);
        boolean csv = "csv".equals(format) || (format == null && accept != null && accept.startsWith(CSV));
        if (csv) {
            return ResponseEntity.ok()
                    .contentType(MediaType.parseMediaType(CSV + ";charset=UTF-8"))
                    .body(csv(events));
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(events);
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badParameter(IllegalArgumentException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    private static Instant instant(String name, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an instant such as 2026-12-01T00:00:00Z, not " + value);
        }
    }

    /** RFC 4180 CSV, one line per record, the entities separated by spaces. */
    static String csv(List<AuditEntry> events) {
        StringBuilder out = new StringBuilder(
                "id,recorded,request,kind,subtype,action,outcome,outcome_text,http_status,client,role,site,"
                        + "source_address,method,path,query,entities\r\n");
        for (AuditEntry event : events) {
            out.append(Csv.row(Arrays.asList(
                    event.id(),
                    event.recorded().toString(),
                    event.requestId(),
                    event.kind(),
                    event.subtype(),
                    event.action(),
                    event.outcome(),
                    event.outcomeText(),
                    event.httpStatus() == null ? null : event.httpStatus().toString(),
                    event.client(),
                    event.role(),
                    event.site(),
                    event.sourceAddress(),
                    event.method(),
                    event.path(),
                    event.query(),
                    String.join(" ", event.entities()))));
        }
        return out.toString();
    }
}
