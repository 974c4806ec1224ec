package org.regenregistry.ehr.poll;

import java.net.URI;

/**
 * Something a poll could not hand over as a resource: an {@code OperationOutcome} the EHR put into a search page
 * (search mode {@code outcome}), a page that could not be read, or a high-water mark that could not be set.
 *
 * @param page the page concerned
 * @param severity as in {@code OperationOutcome.issue.severity}: {@code fatal}, {@code error}, {@code warning} or
 *     {@code information} (<a href="https://hl7.org/fhir/R4/valueset-issue-severity.html">IssueSeverity</a>)
 */
public record PollIssue(URI page, String severity, String message) {}
