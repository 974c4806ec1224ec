package org.regenregistry.ehr.bulk;

import java.net.URI;

/**
 * A line of an NDJSON output file that was not delivered: not JSON, not a FHIR resource, or a resource of another type
 * than the file's (<a href="https://hl7.org/fhir/uv/bulkdata/STU2/export.html#bulk-data-output-file-request">Bulk
 * Data STU2, output files</a>: one resource of the file's type per line). The rest of the file is still delivered.
 *
 * @param lineNumber counted from 1
 */
public record SkippedLine(URI file, long lineNumber, String reason) {}
