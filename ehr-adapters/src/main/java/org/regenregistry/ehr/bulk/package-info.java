/**
 * FHIR Bulk Data export from a site's EHR: the kick-off, polling with the server's wait, the manifest, and streaming
 * of its NDJSON files to a sink, with the lines that could not be read reported, not dropped
 * (<a href="https://hl7.org/fhir/uv/bulkdata/">Bulk Data Access</a>).
 */
package org.regenregistry.ehr.bulk;
