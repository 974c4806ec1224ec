package org.regenregistry.ehr.bulk;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A completed export: the manifest's {@code transactionTime}, which the next export of the same data passes as
 * {@code _since}; how many resources of each type the sink took; the lines skipped; and the issues of the EHR's error
 * files (<a href="https://hl7.org/fhir/uv/bulkdata/STU2/export.html#response---complete-status">Bulk Data STU2,
 * complete status</a>).
 */
public record BulkExportResult(
        Instant transactionTime,
        Map<String, Long> resourcesPerType,
        List<SkippedLine> skippedLines,
        List<ExportIssue> errors) {

    public BulkExportResult {
        resourcesPerType = Map.copyOf(resourcesPerType);
        skippedLines = List.copyOf(skippedLines);
        errors = List.copyOf(errors);
    }
}
