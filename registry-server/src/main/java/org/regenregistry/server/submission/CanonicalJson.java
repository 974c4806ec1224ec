package org.regenregistry.server.submission;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerationException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The bytes a submission's signature covers: the Bundle without its {@code signature}, {@code id} and {@code meta}
 * (what a server may change or what the signature cannot cover), as canonical JSON in the sense of <a
 * href="https://hl7.org/fhir/R4/json.html#canonical">FHIR's canonical JSON</a>: no whitespace, object properties in
 * alphabetical order (by UTF-16 code units, as <a href="https://www.rfc-editor.org/rfc/rfc8785">RFC 8785</a> sorts
 * them), arrays in their order, strings as RFC 8785 writes them, numbers as submitted (in plain notation), UTF-8. Also
 * the digest of one record in that form, to tell whether a record changed between two submissions, or since it was
 * stored.
 */
final class CanonicalJson {

    /** What the signature does not cover: itself, and what a server may set on a Bundle it stores. */
    private static final List<String> UNSIGNED = List.of("signature", "id", "meta");

    private static final JsonMapper JSON = JsonMapper.builder()
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private CanonicalJson() {}

    /** The JSON object of {@code body}; a body that is not one JSON object (or names a property twice) is refused. */
    static ObjectNode parse(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("The body is not a JSON object");
            }
            return (ObjectNode) node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("The body is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes the signature of {@code bundle} is computed over. */
    static byte[] signedBytes(ObjectNode bundle) {
        ObjectNode covered = bundle.deepCopy();
        covered.remove(UNSIGNED);
        return bytes(covered);
    }

    /**
     * {@code node} as canonical JSON.
     *
     * @throws IllegalArgumentException for a number too large to write out in plain notation
     */
    static byte[] bytes(JsonNode node) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            write(node, generator);
        } catch (JsonGenerationException e) {
            throw new IllegalArgumentException("A number of the body cannot be written out: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * The SHA-256 of the canonical JSON of {@code resource} as HAPI writes it, without its {@code meta} (which the
     * server keeps on its own: version, time, labels), in hex.
     */
    static String contentDigest(FhirContext fhir, IBaseResource resource) {
        ObjectNode json =
                parse(fhir.newJsonParser().encodeResourceToString(resource).getBytes(StandardCharsets.UTF_8));
        json.remove("meta");
        return digest(json);
    }

    /** The SHA-256 of {@code node}'s canonical JSON, in hex. */
    static String digest(JsonNode node) {
        return sha256(bytes(node));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    private static void write(JsonNode node, JsonGenerator out) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                Map<String, JsonNode> sorted = new TreeMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    sorted.put(field.getKey(), field.getValue());
                }
                out.writeStartObject();
                for (Map.Entry<String, JsonNode> field : sorted.entrySet()) {
                    out.writeFieldName(field.getKey());
                    write(field.getValue(), out);
                }
                out.writeEndObject();
            }
            case ARRAY -> {
                out.writeStartArray();
                for (JsonNode element : node) {
                    write(element, out);
                }
                out.writeEndArray();
            }
            case STRING -> out.writeString(node.textValue());
            case BOOLEAN -> out.writeBoolean(node.booleanValue());
            case NULL -> out.writeNull();
            case NUMBER -> {
                if (node.isIntegralNumber()) {
                    out.writeNumber(node.bigIntegerValue());
                } else {
                    out.writeNumber(node.decimalValue());
                }
            }
            default -> throw new IllegalArgumentException("Not JSON: " + node.getNodeType());
        }
    }
}
