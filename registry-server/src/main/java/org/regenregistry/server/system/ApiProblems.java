package org.regenregistry.server.system;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** The problems (RFC 9457) the {@code /api/trials/{id}/...} endpoints answer for an id that names no trial. */
public final class ApiProblems {

    private ApiProblems() {}

    /** 400 for what cannot be a FHIR id. */
    public static ResponseEntity<ProblemDetail> badTrialId(String id) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST, "'" + id + "' is not a FHIR id (1 to 64 of A-Z a-z 0-9 - .)");
        problem.setTitle("Bad trial id");
        return ResponseEntity.badRequest().body(problem);
    }

    /** 404 for a trial the registry does not hold. */
    public static ResponseEntity<ProblemDetail> trialNotFound(String id) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No trial ResearchStudy/" + id);
        problem.setTitle("Trial not found");
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
    }
}
