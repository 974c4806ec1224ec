package org.regenregistry.ehr.bulk;

import ca.uhn.fhir.context.FhirContext;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.OperationOutcome.OperationOutcomeIssueComponent;

/** Reads the <a href="https://hl7.org/fhir/R4/operationoutcome.html">OperationOutcome</a> an EHR answers with. */
public final class OperationOutcomes {

    private static final int MAX_BODY = 300;

    private OperationOutcomes() {}

    static Optional<OperationOutcome> parse(String body) {
        if (body == null || body.isBlank()) {
            return Optional.empty();
        }
        try {
            IBaseResource parsed = FhirContext.forR4Cached().newJsonParser().parseResource(body);
            return parsed instanceof OperationOutcome ? Optional.of((OperationOutcome) parsed) : Optional.empty();
        } catch (RuntimeException notFhir) {
            return Optional.empty();
        }
    }

    /** The status and the outcome's issues, or the start of the body if it holds no OperationOutcome. */
    public static String describe(int status, String body) {
        String details = parse(body)
                .map(OperationOutcomes::describe)
                .orElseGet(() -> body == null || body.isBlank() ? "no details" : abbreviate(body));
        return "HTTP " + status + ": " + details;
    }

    /**
     * Whether the EHR says the failure is passing (every issue coded {@code transient}): the status request should be
     * repeated later, the export itself goes on
     * (<a href="https://hl7.org/fhir/uv/bulkdata/STU2/export.html#bulk-data-status-request">Bulk Data STU2, status
     * request</a>).
     */
    static boolean isTransient(String body) {
        return parse(body)
                .filter(outcome -> outcome.hasIssue()
                        && outcome.getIssue().stream().allMatch(issue -> issue.getCode() == IssueType.TRANSIENT))
                .isPresent();
    }

    static List<ExportIssue> issues(URI file, OperationOutcome outcome) {
        return outcome.getIssue().stream()
                .map(issue -> new ExportIssue(
                        file,
                        issue.hasSeverity() ? issue.getSeverity().toCode() : null,
                        issue.hasCode() ? issue.getCode().toCode() : null,
                        text(issue)))
                .collect(Collectors.toList());
    }

    private static String describe(OperationOutcome outcome) {
        return outcome.getIssue().stream()
                .map(issue -> (issue.hasSeverity() ? issue.getSeverity().toCode() : "issue") + " "
                        + (issue.hasCode() ? issue.getCode().toCode() : "unknown") + ": " + text(issue))
                .collect(Collectors.joining("; "));
    }

    private static String text(OperationOutcomeIssueComponent issue) {
        if (issue.hasDiagnostics()) {
            return issue.getDiagnostics();
        }
        return issue.getDetails().hasText() ? issue.getDetails().getText() : "no diagnostics";
    }

    private static String abbreviate(String body) {
        return body.length() <= MAX_BODY ? body : body.substring(0, MAX_BODY) + "...";
    }
}
