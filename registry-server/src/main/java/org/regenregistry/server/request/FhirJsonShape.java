package org.regenregistry.server.request;

import ca.uhn.fhir.context.BaseRuntimeChildDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementCompositeDefinition;
import ca.uhn.fhir.context.BaseRuntimeElementDefinition;
import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What the <a href="https://hl7.org/fhir/R4/json.html">FHIR JSON format</a> requires and HAPI's parser, even its
 * strict one, lets through: an element that repeats is always a JSON array, even with one value. HAPI reads {@code
 * "alias":"x"} as {@code ["x"]}; a client that sent it has a different idea of the element than FHIR, and must be told.
 */
final class FhirJsonShape {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FhirJsonShape() {}

    /** The body as a JSON tree, or {@code null} when it is not JSON (which HAPI's parser then reports). */
    static JsonNode read(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** How many values the tree holds: objects, array items and primitives. */
    static long values(JsonNode node) {
        long values = 1;
        for (Iterator<JsonNode> children = node.elements(); children.hasNext(); ) {
            values += values(children.next());
        }
        return values;
    }

    /** What breaks the format, naming the element; {@code null} when nothing does. */
    static String problemIn(FhirContext fhirContext, JsonNode root) {
        return problemInResource(fhirContext, root, "");
    }

    private static String problemInResource(FhirContext fhirContext, JsonNode resource, String path) {
        String type = resource.path("resourceType").asText("");
        if (type.isEmpty() || fhirContext.getResourceTypes().stream().noneMatch(type::equals)) {
            return null;
        }
        return problemInComposite(fhirContext, fhirContext.getResourceDefinition(type), resource, path + type);
    }

    private static String problemInComposite(
            FhirContext fhirContext,
            BaseRuntimeElementCompositeDefinition<?> definition,
            JsonNode object,
            String path) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey().startsWith("_") ? field.getKey().substring(1) : field.getKey();
            BaseRuntimeChildDefinition child = definition.getChildByName(name);
            if (child == null) {
                continue;
            }
            JsonNode value = field.getValue();
            String where = path + "." + field.getKey();
            if (child.getMax() != 1 && !value.isArray() && !value.isNull()) {
                return where
                        + " repeats, so it is a JSON array, even with one value (https://hl7.org/fhir/R4/json.html)";
            }
            BaseRuntimeElementDefinition<?> element = name.equals("extension") || name.equals("modifierExtension")
                    ? fhirContext.getElementDefinition("Extension")
                    : child.getChildByName(name);
            Iterable<JsonNode> values = value.isArray() ? value : List.of(value);
            int index = 0;
            for (JsonNode item : values) {
                String at = value.isArray() ? where + "[" + index++ + "]" : where;
                String problem = null;
                if (item.isObject() && item.has("resourceType")) {
                    problem = problemInResource(fhirContext, item, at + ".");
                } else if (item.isObject()
                        && !field.getKey().startsWith("_")
                        && element instanceof BaseRuntimeElementCompositeDefinition<?> composite) {
                    problem = problemInComposite(fhirContext, composite, item, at);
                }
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }
}
