package org.regenregistry.ehr.bulk;

import org.hl7.fhir.r4.model.Resource;

/**
 * Where a Bulk Data export delivers each resource, one at a time as its line of an NDJSON output file is read
 * (<a href="https://hl7.org/fhir/uv/bulkdata/STU2/export.html#bulk-data-output-file-request">Bulk Data STU2, output
 * files</a>). A sink that throws (its database is down, say) stops the export, which then fails.
 */
@FunctionalInterface
public interface ResourceSink {

    void accept(Resource resource) throws Exception;
}
