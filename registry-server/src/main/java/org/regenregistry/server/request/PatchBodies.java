package org.regenregistry.server.request;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Parameters;

/**
 * What a patch body must hold before HAPI applies it (HAPI fails with a 500 inside on a patch that lacks a part): a
 * <a href="https://datatracker.ietf.org/doc/html/rfc6902">JSON Patch</a> is a list of operations, each with its op, a
 * path and the value or source its op needs; a <a href="https://hl7.org/fhir/R4/fhirpatch.html">FHIRPath Patch</a>
 * is a {@code Parameters} of {@code operation}s, each with a type, a path that is FHIRPath, and the parts its type
 * needs.
 */
final class PatchBodies {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> JSON_PATCH_OPS = Set.of("add", "remove", "replace", "move", "copy", "test");

    /** The parts each FHIRPath Patch operation type requires besides {@code type} and {@code path}. */
    private static final Map<String, List<String>> FHIRPATH_PATCH_PARTS = Map.of(
            "add", List.of("name", "value"),
            "insert", List.of("value", "index"),
            "delete", List.of(),
            "replace", List.of("value"),
            "move", List.of("source", "destination"));

    private PatchBodies() {}

    static void checkJsonPatch(byte[] body) {
        JsonNode patch;
        try {
            patch = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("The JSON Patch is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (patch == null || !patch.isArray()) {
            throw new InvalidRequestException("A JSON Patch is an array of operations (RFC 6902)");
        }
        for (int i = 0; i < patch.size(); i++) {
            JsonNode step = patch.get(i);
            String op = step.path("op").asText(null);
            if (op == null || !JSON_PATCH_OPS.contains(op)) {
                throw new InvalidRequestException(
                        "JSON Patch operation " + i + " has no valid op (add, remove, replace, move, copy, test)");
            }
            if (!step.path("path").isTextual()) {
                throw new InvalidRequestException("JSON Patch operation " + i + " (" + op + ") has no path");
            }
            if (Set.of("add", "replace", "test").contains(op) && !step.has("value")) {
                throw new InvalidRequestException("JSON Patch operation " + i + " (" + op + ") has no value");
            }
            if (Set.of("move", "copy").contains(op) && !step.path("from").isTextual()) {
                throw new InvalidRequestException("JSON Patch operation " + i + " (" + op + ") has no from");
            }
        }
    }

    static void checkFhirPathPatch(IBaseResource body, FhirContext fhirContext) {
        if (!(body instanceof Parameters parameters)) {
            throw new InvalidRequestException("A FHIRPath Patch body is a Parameters resource, not a " + body.fhirType()
                    + " (https://hl7.org/fhir/R4/fhirpatch.html)");
        }
        int index = 0;
        for (Parameters.ParametersParameterComponent operation : parameters.getParameter()) {
            String where = "FHIRPath Patch operation " + index++;
            if (!operation.getName().equals("operation")) {
                throw new InvalidRequestException(where + " is named " + operation.getName() + ", not operation");
            }
            String type = part(operation, "type");
            if (type == null || !FHIRPATH_PATCH_PARTS.containsKey(type)) {
                throw new InvalidRequestException(where + " has no valid type (" + FHIRPATH_PATCH_PARTS.keySet() + ")");
            }
            String path = part(operation, "path");
            if (path == null) {
                throw new InvalidRequestException(where + " (" + type + ") has no path");
            }
            try {
                fhirContext.newFhirPath().parse(path);
            } catch (Exception e) {
                throw new InvalidRequestException(where + ": the path is not FHIRPath: " + path);
            }
            for (String required : FHIRPATH_PATCH_PARTS.get(type)) {
                boolean present = operation.getPart().stream()
                        .anyMatch(part -> part.getName().equals(required) && (part.hasValue() || part.hasPart()));
                if (!present) {
                    throw new InvalidRequestException(where + " (" + type + ") has no " + required);
                }
            }
        }
    }

    private static String part(Parameters.ParametersParameterComponent operation, String name) {
        return operation.getPart().stream()
                .filter(part -> part.getName().equals(name) && part.hasValue())
                .map(part -> part.getValue().primitiveValue())
                .findFirst()
                .orElse(null);
    }
}
