package org.regenregistry.ctgov;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Reading the loosely filled JSON of a study record: absent, null and non-text values read as empty; and the ids derived
 * from what it says.
 */
final class StudyJson {

    private StudyJson() {}

    /** The items of {@code array}, or none when it is absent or not an array. */
    static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(items::add);
        }
        return items;
    }

    /** The trimmed text of {@code node.field}, or "" when it is absent or not a value. */
    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() ? value.asText().trim() : "";
    }

    /** The texts of the string array {@code node.field}, without blanks. */
    static List<String> texts(JsonNode node, String field) {
        return list(node.path(field)).stream()
                .filter(JsonNode::isValueNode)
                .map(value -> value.asText().trim())
                .filter(value -> !value.isEmpty())
                .toList();
    }

    /** {@code preferred}, or {@code fallback} when it is empty. */
    static String first(String preferred, String fallback) {
        return preferred.isEmpty() ? fallback : preferred;
    }

    /** A short stable digest of {@code text}, for resource ids derived from what a record says. */
    static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
        }
    }
}
