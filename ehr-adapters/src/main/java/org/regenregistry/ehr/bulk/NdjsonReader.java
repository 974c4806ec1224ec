package org.regenregistry.ehr.bulk;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Resource;

/**
 * Reads an NDJSON file (<a href="https://hl7.org/fhir/uv/bulkdata/STU2/export.html#bulk-data-output-file-request">Bulk
 * Data STU2, output files</a>) one line at a time, so a file is never held in memory whole: each resource of the file's
 * type goes to the sink, every other non-blank line is skipped and reported.
 */
final class NdjsonReader {

    private static final int MAX_REASON = 200;

    private final IParser parser = FhirContext.forR4Cached().newJsonParser();

    /**
     * Delivers the resources of {@code body} and answers how many the sink took.
     *
     * @throws BulkExportException if the sink throws; the message names the file and line
     */
    long read(InputStream body, URI file, String type, ResourceSink sink, Consumer<SkippedLine> skipped)
            throws IOException, InterruptedException {
        BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
        long lineNumber = 0;
        long delivered = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            IBaseResource parsed;
            try {
                parsed = parser.parseResource(line);
            } catch (RuntimeException notAResource) {
                skipped.accept(new SkippedLine(
                        file, lineNumber, "not a FHIR resource: " + abbreviate(notAResource.getMessage())));
                continue;
            }
            if (!(parsed instanceof Resource) || !type.equals(((Resource) parsed).fhirType())) {
                skipped.accept(new SkippedLine(
                        file, lineNumber, "a " + parsed.fhirType() + " in a file of " + type + " resources"));
                continue;
            }
            deliver(sink, (Resource) parsed, file, lineNumber);
            delivered++;
        }
        return delivered;
    }

    private static void deliver(ResourceSink sink, Resource resource, URI file, long lineNumber)
            throws BulkExportException, InterruptedException {
        try {
            sink.accept(resource);
        } catch (InterruptedException interrupted) {
            throw interrupted;
        } catch (Exception refused) {
            throw new BulkExportException(
                    "The export stopped: the sink refused " + resource.fhirType() + " of " + file + " line "
                            + lineNumber + ": " + refused.getMessage(),
                    refused);
        }
    }

    private static String abbreviate(String message) {
        String text = message == null ? "unreadable" : message;
        return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON) + "...";
    }
}
