package org.regenregistry.ehr.bulk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The complete-status answer of an export
 * (<a href="https://hl7.org/fhir/uv/bulkdata/STU2/export.html#response---complete-status">Bulk Data STU2, complete
 * status</a>). A manifest without {@code requiresAccessToken} is read as requiring it, so the token only ever goes to
 * the site's own host; the flag sent as a string ({@code "true"}, as some EHRs do) is read as the boolean.
 */
record BulkExportManifest(
        Instant transactionTime,
        String request,
        boolean requiresAccessToken,
        List<OutputFile> output,
        List<OutputFile> error) {

    private static final ObjectMapper JSON = new ObjectMapper();

    BulkExportManifest {
        output = List.copyOf(output);
        error = List.copyOf(error);
    }

    /** One NDJSON file: its resource type, where to fetch it and, if the server said, how many resources it holds. */
    record OutputFile(String type, URI url, OptionalLong count) {}

    static BulkExportManifest parse(String json) throws BulkExportException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException notJson) {
            throw new BulkExportException("The export manifest is not JSON: " + notJson.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new BulkExportException("The export manifest is not a JSON object");
        }
        return new BulkExportManifest(
                transactionTime(root),
                root.path("request").asText(null),
                root.path("requiresAccessToken").asBoolean(true),
                files(root, "output"),
                files(root, "error"));
    }

    private static Instant transactionTime(JsonNode root) throws BulkExportException {
        String value = root.path("transactionTime").asText("");
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException notAnInstant) {
            throw new BulkExportException(
                    "The export manifest has no valid transactionTime (a FHIR instant): '" + value + "'");
        }
    }

    private static List<OutputFile> files(JsonNode root, String field) throws BulkExportException {
        List<OutputFile> files = new ArrayList<>();
        for (JsonNode file : root.path(field)) {
            String type = file.path("type").asText("");
            String url = file.path("url").asText("");
            if (type.isEmpty() || url.isEmpty()) {
                throw new BulkExportException(
                        "An entry of the manifest's " + field + " lacks its type or url: " + file);
            }
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException notAUri) {
                throw new BulkExportException("The manifest's " + field + " has an invalid url: " + url);
            }
            if (!uri.isAbsolute()) {
                throw new BulkExportException("The manifest's " + field + " url is not absolute: " + url);
            }
            JsonNode count = file.path("count");
            files.add(new OutputFile(
                    type, uri, count.canConvertToLong() ? OptionalLong.of(count.asLong()) : OptionalLong.empty()));
        }
        return files;
    }
}
