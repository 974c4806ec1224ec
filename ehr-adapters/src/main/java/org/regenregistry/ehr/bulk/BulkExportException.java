package org.regenregistry.ehr.bulk;

import java.io.IOException;

/**
 * A Bulk Data export (<a href="https://hl7.org/fhir/uv/bulkdata/STU2/export.html">Bulk Data STU2, $export</a>) did not
 * complete: the EHR refused the kick-off or reported the export failed (the message carries
 * the diagnostics of its OperationOutcome), it sent an answer the protocol does not allow, the export outran its
 * deadline, or the sink stopped it. Nothing of a failed export counts as synchronised.
 */
public class BulkExportException extends IOException {

    public BulkExportException(String message) {
        super(message);
    }

    public BulkExportException(String message, Throwable cause) {
        super(message, cause);
    }
}
