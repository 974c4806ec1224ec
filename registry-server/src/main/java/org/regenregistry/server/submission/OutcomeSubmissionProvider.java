package org.regenregistry.server.submission;

import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import java.util.Locale;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.regenregistry.server.access.FhirAccessInterceptor;
import org.regenregistry.server.security.Caller;
import org.regenregistry.server.security.SecuritySettings.Role;
import org.regenregistry.server.system.RegistryOperationProvider;
import org.springframework.stereotype.Component;

/**
 * {@code POST [base]/$submit-outcome} with an {@code rr-outcome-submission} Bundle as the body: a site's signed
 * outcome package for one trial and reporting period. The body is kept byte for byte as received (the signature
 * covers it), so it is read as it came, not parsed by the operation's parameter binding. Answers a Parameters
 * naming the submission, its review state, the records it wrote (version-specific, as strings: a reference would lose
 * its version on the way out), the Provenance, the Task and the Binary; posting the same package again answers the same, with {@code again} true.
 */
@Component
public class OutcomeSubmissionProvider implements RegistryOperationProvider {

    private final Submissions submissions;

    OutcomeSubmissionProvider(Submissions submissions) {
        this.submissions = submissions;
    }

    @Operation(name = "$submit-outcome", manualRequest = true)
    public Parameters submit(RequestDetails request) {
        Caller caller = FhirAccessInterceptor.callerOf(request)
                .filter(found -> found.is(Role.SITE))
                .orElseThrow(() -> new ForbiddenOperationException("Only a site's client submits outcome packages"));
        String type = request.getHeader("Content-Type");
        String media = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!media.equals("application/fhir+json") && !media.equals("application/json")) {
            throw new UnclassifiedServerFailureException(
                    415, "$submit-outcome takes the package as application/fhir+json, not " + type);
        }
        Submissions.Receipt receipt = submissions.receive(request, caller, request.loadRequestContents());
        Submission submission = receipt.submission();
        Parameters out = new Parameters();
        out.addParameter("submission", new StringType(submission.id()));
        out.addParameter("state", new StringType(submission.state()));
        out.addParameter().setName("again").setValue(new BooleanType(receipt.again()));
        if (submission.supersedes() != null) {
            out.addParameter("supersedes", new StringType(submission.supersedes()));
        }
        out.addParameter().setName("binary").setValue(new Reference(submission.binary()));
        out.addParameter().setName("provenance").setValue(new Reference(submission.provenance()));
        out.addParameter().setName("task").setValue(new Reference(submission.task()));
        out.addParameter().setName("records").setValue(new IntegerType(submission.recordCount()));
        receipt.records().forEach(record -> out.addParameter("record", new StringType(record.reference())));
        return out;
    }
}
