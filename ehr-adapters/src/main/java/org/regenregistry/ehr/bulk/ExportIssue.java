package org.regenregistry.ehr.bulk;

import java.net.URI;

/**
 * One issue of an OperationOutcome in an export's error files
 * (<a href="https://hl7.org/fhir/uv/bulkdata/STU2/export.html#response---complete-status">Bulk Data STU2, complete
 * status</a>): something the EHR could not export.
 *
 * @param severity and {@code code} as in <a href="https://hl7.org/fhir/R4/operationoutcome.html">OperationOutcome</a>
 */
public record ExportIssue(URI file, String severity, String code, String diagnostics) {}
