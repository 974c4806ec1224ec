package org.regenregistry.ctgov;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Reading the loosely filled JSON of a study record: absent, null and non-text values read as empty. */
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
}
