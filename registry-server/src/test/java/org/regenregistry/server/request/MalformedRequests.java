package org.regenregistry.server.request;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;

/**
 * Generates malformed requests from a seed: the same seed gives the same requests, so a failure found once is a
 * regression case for ever. Every write it makes is invalid by construction (an unknown element, a value of the wrong
 * JSON type, a primitive outside its type's rules, a truncated body...), so none may be stored; reads (odd ids,
 * search parameters, headers, operations) may answer 2xx or 4xx, never 5xx.
 */
final class MalformedRequests {

    /** One request: what it is for the failure message, and whether it would write. */
    record Request(
            String method,
            String path,
            String contentType,
            String body,
            Map<String, String> headers,
            boolean write,
            String what) {}

    static final List<String> WRITTEN_TYPES = List.of("Patient", "Observation", "Organization", "Location");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final List<String> SEEDS = List.of(
            "{\"resourceType\":\"Patient\",\"active\":true,\"gender\":\"female\",\"birthDate\":\"1970-04-01\","
                    + "\"name\":[{\"family\":\"Fuzz\",\"given\":[\"Ada\",\"B\"]}],"
                    + "\"identifier\":[{\"system\":\"urn:oid:1.2.3\",\"value\":\"F-1\"}],"
                    + "\"telecom\":[{\"system\":\"phone\",\"value\":\"555\"}]}",
            "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"coding\":[{\"system\":"
                    + "\"http://loinc.org\",\"code\":\"72514-3\"}]},\"effectiveDateTime\":\"2026-03-02T10:00:00Z\","
                    + "\"valueInteger\":4,\"note\":[{\"text\":\"after walking\"}]}",
            "{\"resourceType\":\"Organization\",\"active\":true,\"name\":\"Fuzz Clinic\",\"alias\":[\"FC\"],"
                    + "\"address\":[{\"city\":\"Oslo\",\"country\":\"NO\"}]}",
            "{\"resourceType\":\"Location\",\"status\":\"active\",\"name\":\"Fuzz Site\",\"position\":"
                    + "{\"latitude\":59.9,\"longitude\":10.7},\"address\":{\"city\":\"Oslo\"}}");

    private static final List<String> BAD_DATES = List.of(
            "0000-01-01",
            "2020-13-01",
            "2020-1-1",
            "20200101",
            "yesterday",
            " 2020-01-01",
            "2020-01-01T25:00:00Z",
            "2020-01-01T10:00",
            "2020-01-32",
            "");
    private static final List<String> BAD_URIS = List.of("not a url", "http://x y", "urn:oid:1. 2", "");
    /** As written in JSON: a Java string cannot carry a lone surrogate through UTF-8, a JSON escape can. */
    private static final List<String> BAD_TEXT = List.of("\\ud800", "a\\udc00b", "x\\u0000y", "\\u0007bell", "");

    private static final String RAW_TEXT = "@@raw-text@@";
    private static final List<String> NARRATIVE = List.of(
            "<div xmlns=\"http://www.w3.org/1999/xhtml\"><script>alert(1)</script></div>",
            "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p onclick=\"alert(1)\">x</p></div>",
            "<div xmlns=\"http://www.w3.org/1999/xhtml\"><a href=\"javascript:alert(1)\">x</a></div>",
            "<div xmlns=\"http://www.w3.org/1999/xhtml\"><iframe src=\"http://x\"></iframe></div>",
            "<div xmlns=\"http://www.w3.org/1999/xhtml\"><form><input/></form></div>");
    private static final List<String> ODD_IDS = List.of(
            "%25",
            "%2e%2e",
            "a%20b",
            "..",
            "x%00",
            "%C3%A9t%C3%A9",
            "x".repeat(65),
            "a*b",
            "%7B%7D",
            "-",
            "1e9999",
            "99999999999999999999",
            "a;b",
            "%E2%80%8B",
            "%F0%9F%92%A9",
            "%FF");
    private static final List<String> SEARCH_VALUES = List.of(
            "%25",
            "%%",
            "%",
            "%zz",
            "ge2020-13-45",
            "lt",
            "eqx",
            "|||",
            "http://loinc.org|",
            "|72514-3",
            "a,b,,c",
            "\\",
            "\\,",
            "%5C",
            "Patient/",
            "/",
            "x".repeat(3000),
            "-1",
            "1e309",
            "NaN",
            "ap2020",
            "sa",
            "%E2%82%AC",
            "%F0%9F",
            "[]",
            "{}",
            "()",
            "'",
            "\"",
            "<>",
            "*");
    private static final List<String> SEARCH_NAMES = List.of(
            "name",
            "family",
            "birthdate",
            "identifier",
            "_id",
            "_lastUpdated",
            "_tag",
            "_profile",
            "_text",
            "_content",
            "subject",
            "subject.name",
            "subject:Patient.name",
            "code",
            "value-quantity",
            "date",
            "general-practitioner.name.family",
            "_has:Observation:subject:code",
            "organization",
            "_sort",
            "_include",
            "_revinclude",
            "_count",
            "_offset",
            "_summary",
            "_elements",
            "_total",
            "_contained",
            "unknown-param",
            "near",
            "address-city");
    private static final List<String> MODIFIERS = List.of(
            "",
            ":exact",
            ":contains",
            ":missing",
            ":not",
            ":above",
            ":below",
            ":text",
            ":in",
            ":of-type",
            ":identifier",
            ":nonsense",
            ":",
            "::",
            ":Patient",
            ":iterate");
    private static final List<String> HEADERS = List.of(
            "If-Match",
            "If-None-Match",
            "If-Modified-Since",
            "If-None-Exist",
            "Prefer",
            "Accept",
            "X-Request-ID",
            "Cache-Control",
            "Accept-Charset",
            "Range");
    private static final List<String> HEADER_VALUES = List.of(
            "garbage",
            "W/\"garbage\"",
            "W/",
            "\"",
            "*",
            "Wed, 99 Foo 2020",
            "return=banana",
            "application/nope",
            "text/turtle",
            "handling=strict",
            "respond-async",
            "bytes=9-1",
            "%%%",
            "Patient?name=%%",
            "x".repeat(2000));
    private static final List<String> OPERATIONS = List.of(
            "$validate",
            "$everything",
            "$export",
            "$expand",
            "$meta",
            "$meta-add",
            "$lookup",
            "$nope",
            "$reindex",
            "$diff",
            "$binary-access-read",
            "$validate-code",
            "$translate");
    private static final List<String> API_PARAMETERS = List.of(
            "q",
            "condition",
            "conditionGroup",
            "therapyFamily",
            "phase",
            "status",
            "country",
            "sex",
            "hasResults",
            "age",
            "near",
            "startFrom",
            "startTo",
            "sort",
            "page",
            "size",
            "nonsense");
    private static final List<String> API_VALUES = List.of(
            "-1",
            "abc",
            "99999999999",
            "1,2,3",
            "52.5,13.4",
            "91,181,5",
            "1,2,-5",
            "2020-99-99",
            "true,false",
            "%25",
            "x".repeat(5000),
            "relevance,title",
            "-nothing",
            ",,,",
            " ");

    private final Random random;
    private final String targetId;
    private String rawText = "";

    /** {@code targetId}: an existing Patient that updates and patches aim at. */
    MalformedRequests(long seed, String targetId) {
        this.random = new Random(seed);
        this.targetId = targetId;
    }

    /** {@code count} requests, mixed over every kind. */
    List<Request> next(int count) {
        List<Function<MalformedRequests, Request>> kinds = List.of(
                MalformedRequests::invalidWrite,
                MalformedRequests::invalidWrite,
                MalformedRequests::invalidWrite,
                MalformedRequests::invalidTransaction,
                MalformedRequests::invalidXml,
                MalformedRequests::invalidPatch,
                MalformedRequests::oddId,
                MalformedRequests::oddSearch,
                MalformedRequests::oddSearch,
                MalformedRequests::oddHeaders,
                MalformedRequests::oddOperation,
                MalformedRequests::oddTrialSearch,
                MalformedRequests::oddAdminRequest);
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            requests.add(pick(kinds).apply(this));
        }
        return requests;
    }

    private Request invalidWrite() {
        ObjectNode resource = seed();
        String mutation = mutate(resource);
        String type = resource.path("resourceType").asText("Patient");
        String body = mutation.equals("truncated") ? truncate(text(resource)) : text(resource);
        if (random.nextBoolean()) {
            return new Request("POST", type, "application/fhir+json", body, Map.of(), true, "create: " + mutation);
        }
        resource.put("id", targetId);
        body = mutation.equals("truncated") ? truncate(text(resource)) : text(resource);
        String path = type.equals("Patient") ? "Patient/" + targetId : type + "/fuzz-" + random.nextInt(1000);
        if (!type.equals("Patient")) {
            resource.put("id", path.substring(path.indexOf('/') + 1));
            body = mutation.equals("truncated") ? truncate(text(resource)) : text(resource);
        }
        return new Request("PUT", path, "application/fhir+json", body, Map.of(), true, "update: " + mutation);
    }

    private Request invalidTransaction() {
        ObjectNode bundle = NODES.objectNode().put("resourceType", "Bundle").put("type", "transaction");
        ArrayNode entries = bundle.putArray("entry");
        for (int i = 0; i < 1 + random.nextInt(3); i++) {
            ObjectNode valid = seed();
            entries.addObject()
                    .put("fullUrl", "urn:uuid:" + new java.util.UUID(random.nextLong(), random.nextLong()))
                    .<ObjectNode>set("resource", valid)
                    .putObject("request")
                    .put("method", "POST")
                    .put("url", valid.path("resourceType").asText());
        }
        ObjectNode victim = (ObjectNode) entries.get(random.nextInt(entries.size()));
        String what;
        switch (random.nextInt(9)) {
            case 0 -> {
                victim.putNull("resource");
                what = "entry resource null";
            }
            case 1 -> {
                victim.put("resource", "x");
                what = "entry resource a string";
            }
            case 2 -> {
                ((ObjectNode) victim.get("request")).put("url", pick(List.of("%%%%", "", "%zz", "Patient?%")));
                what = "entry url malformed";
            }
            case 3 -> {
                ((ObjectNode) victim.get("request")).put("ifMatch", pick(List.of("garbage", "W/", "3")));
                what = "entry ifMatch malformed";
            }
            case 4 -> {
                ((ObjectNode) victim.get("request")).put("method", pick(List.of("FETCH", "", "post", "1")));
                what = "entry method unknown";
            }
            case 5 -> {
                victim.remove("request");
                what = "entry without request";
            }
            case 6 -> {
                bundle.remove("type");
                what = "bundle without type";
            }
            case 7 -> {
                what = "entry resource " + mutate((ObjectNode) victim.get("resource"));
                if (what.endsWith("truncated")) {
                    return new Request(
                            "POST",
                            "",
                            "application/fhir+json",
                            truncate(text(bundle)),
                            Map.of(),
                            true,
                            "transaction: truncated");
                }
            }
            default -> {
                bundle.put("type", pick(List.of("transaction-response", "nonsense", "", "searchset")));
                what = "bundle type unsuitable";
            }
        }
        return new Request("POST", "", "application/fhir+json", text(bundle), Map.of(), true, "transaction: " + what);
    }

    private Request invalidXml() {
        String type = pick(List.of("Patient", "Organization"));
        String root =
                type.equals("Patient") ? "<active value=\"true\"/><gender value=\"male\"/>" : "<name value=\"X\"/>";
        String[] bodies = {
            "<" + type + " xmlns=\"http://example.com/not-fhir\">" + root + "</" + type + ">",
            "<" + type + ">" + root + "</" + type + ">",
            "<" + type + " xmlns=\"http://hl7.org/fhir\"><active>true</active></" + type + ">",
            "<" + type + " xmlns=\"http://hl7.org/fhir\">" + root + "<nonsense value=\"1\"/></" + type + ">",
            "<?xml version=\"1.0\"?><!DOCTYPE " + type + " [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><" + type
                    + " xmlns=\"http://hl7.org/fhir\"><name><family value=\"&x;\"/></name></" + type + ">",
            truncate("<" + type + " xmlns=\"http://hl7.org/fhir\">" + root + "</" + type + ">"),
            "<" + type + " xmlns=\"http://hl7.org/fhir\"><birthDate value=\"" + pick(BAD_DATES) + "\"/></" + type + ">",
            "<Nope xmlns=\"http://hl7.org/fhir\"/>"
        };
        int which = random.nextInt(bodies.length);
        return new Request(
                "POST",
                type,
                "application/fhir+xml",
                bodies[which],
                Map.of("Accept", "application/fhir+json"),
                true,
                "xml " + which);
    }

    private Request invalidPatch() {
        if (random.nextBoolean()) {
            String[] patches = {
                "{}",
                "[{}]",
                "[{\"op\":\"replace\",\"value\":\"x\"}]",
                "[{\"op\":\"replace\",\"path\":\"/active\"}]",
                "[{\"op\":\"frobnicate\",\"path\":\"/active\"}]",
                "[{\"op\":\"move\",\"path\":\"/active\"}]",
                "[{\"op\":\"remove\",\"path\":\"/nothing/here\"}]",
                "[{\"op\":\"replace\",\"path\":\"/birthDate\",\"value\":\"" + pick(BAD_DATES) + "\"}]",
                "[{\"op\":\"add\",\"path\":\"/nonsense\",\"value\":1}]",
                "[{\"op\":\"test\",\"path\":\"/active\",\"value\":false},{\"op\":\"remove\",\"path\":\"/active\"}]",
                truncate("[{\"op\":\"replace\",\"path\":\"/active\",\"value\":false}]")
            };
            return new Request(
                    "PATCH",
                    "Patient/" + targetId,
                    "application/json-patch+json",
                    pick(List.of(patches)),
                    Map.of(),
                    true,
                    "json patch");
        }
        String operation = "{\"name\":\"operation\",\"part\":[{\"name\":\"type\",\"valueCode\":\"%s\"},"
                + "{\"name\":\"path\",\"valueString\":\"%s\"}%s]}";
        String[] parameters = {
            String.format(operation, "replace", "Patient.nothing.here", ",{\"name\":\"value\",\"valueString\":\"x\"}"),
            String.format(
                    operation,
                    "replace",
                    "Patient.birthDate",
                    ",{\"name\":\"value\",\"valueDate\":\"" + pick(BAD_DATES) + "\"}"),
            String.format(operation, "frobnicate", "Patient.active", ""),
            String.format(operation, "delete", "Patient.(", ""),
            String.format(operation, "add", "Patient", ""),
            "{\"name\":\"operation\"}"
        };
        String body = random.nextInt(5) == 0
                ? "{\"resourceType\":\"Patient\"}"
                : "{\"resourceType\":\"Parameters\",\"parameter\":[" + pick(List.of(parameters)) + "]}";
        String path = random.nextInt(6) == 0 ? "Patient" : "Patient/" + targetId;
        return new Request("PATCH", path, "application/fhir+json", body, Map.of(), true, "fhirpath patch");
    }

    private Request oddId() {
        String id = pick(ODD_IDS);
        String type = pick(List.of("Patient", "Observation", "ResearchStudy", "Nope", "patient", "%25"));
        String suffix = pick(List.of("", "/_history", "/_history/" + pick(ODD_IDS), "/_history/1", "/$everything"));
        String method = pick(List.of("GET", "GET", "DELETE", "HEAD"));
        return new Request(method, type + "/" + id + suffix, null, null, Map.of(), false, "id " + method);
    }

    private Request oddSearch() {
        StringBuilder query = new StringBuilder();
        int parameters = 1 + random.nextInt(random.nextInt(10) == 0 ? 120 : 5);
        for (int i = 0; i < parameters; i++) {
            if (i > 0) {
                query.append('&');
            }
            query.append(pick(SEARCH_NAMES)).append(pick(MODIFIERS)).append('=').append(pick(SEARCH_VALUES));
        }
        String type = pick(List.of("Patient", "Observation", "ResearchStudy", ""));
        if (random.nextInt(4) == 0) {
            return new Request(
                    "POST",
                    (type.isEmpty() ? "" : type + "/") + "_search",
                    "application/x-www-form-urlencoded",
                    query.toString(),
                    Map.of(),
                    false,
                    "form search");
        }
        return new Request("GET", type + "?" + query, null, null, Map.of(), false, "search");
    }

    private Request oddHeaders() {
        String header = pick(HEADERS);
        String value = pick(HEADER_VALUES);
        if (random.nextBoolean()) {
            return new Request(
                    "GET", "Patient/" + targetId, null, null, Map.of(header, value), false, "read with " + header);
        }
        ObjectNode resource = seed();
        String mutation = mutate(resource);
        String type = resource.path("resourceType").asText();
        return new Request(
                "POST",
                type,
                "application/fhir+json",
                mutation.equals("truncated") ? truncate(text(resource)) : text(resource),
                Map.of(header, value),
                true,
                "create with " + header + ": " + mutation);
    }

    private Request oddOperation() {
        String operation = pick(OPERATIONS);
        String at = pick(List.of("", "Patient/", "Patient/" + targetId + "/", "ValueSet/", "Nope/"));
        String parameters = "?"
                + pick(List.of(
                        "_type", "_since", "url", "code", "system", "_outputFormat", "mode", "profile", "_elements"))
                + "=" + pick(SEARCH_VALUES);
        if (random.nextBoolean()) {
            return new Request(
                    "GET",
                    at + operation + parameters,
                    null,
                    null,
                    Map.of("Prefer", "respond-async"),
                    false,
                    "operation GET");
        }
        String[] bodies = {
            "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"resource\",\"valueString\":\"x\"}]}",
            "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"resource\"}]}",
            "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"mode\",\"valueCode\":\"nonsense\"}]}",
            "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"url\",\"valueUri\":\"%%%\"}]}",
            "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"_type\",\"valueString\":\"Nope\"}]}",
            "{\"resourceType\":\"Parameters\",\"parameter\":[{\"name\":\"meta\",\"valueMeta\":{\"tag\":[{}]}}]}",
            "[]",
            "{\"resourceType\":\"Parameters\",\"nonsense\":1}"
        };
        return new Request(
                "POST",
                at + operation,
                "application/fhir+json",
                pick(List.of(bodies)),
                Map.of("Prefer", "respond-async"),
                false,
                "operation POST");
    }

    private Request oddTrialSearch() {
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < 1 + random.nextInt(4); i++) {
            query.append(i == 0 ? "?" : "&")
                    .append(pick(API_PARAMETERS))
                    .append('=')
                    .append(pick(API_VALUES));
        }
        return new Request(
                "GET", "/api/trials" + query, null, null, Map.of("Accept", "application/json"), false, "trial search");
    }

    private Request oddAdminRequest() {
        String site = pick(List.of("nope", "%25", "..", "x".repeat(300), "%E2%80%8B"));
        String[][] requests = {
            {"GET", "/api/ehr/sites/" + site + "/runs"},
            {"POST", "/api/ehr/sites/" + site + "/runs"},
            {"GET", "/api/ehr/runs/" + pick(ODD_IDS)},
            {"GET", "/api/ehr/runs/-1"},
            {"DELETE", "/api/ehr/sites"},
            {"GET", "/actuator/trialindex/" + site},
            {"GET", "/api/nothing"},
            {"PUT", "/api/trials"}
        };
        String[] request = requests[random.nextInt(requests.length)];
        return new Request(
                request[0],
                request[1],
                request[0].equals("GET") ? null : "application/json",
                request[0].equals("GET") ? null : "{",
                Map.of("Accept", "application/json"),
                false,
                "admin");
    }

    /** Makes {@code resource} invalid FHIR in one way; answers how (or "truncated": cut the text when sending). */
    private String mutate(ObjectNode resource) {
        List<ObjectNode> objects = new ArrayList<>();
        collectObjects(resource, objects);
        ObjectNode at = pick(objects);
        switch (random.nextInt(11)) {
            case 0 -> {
                at.put("fuzz" + random.nextInt(1000), random.nextInt());
                return "unknown element";
            }
            case 1 -> {
                String field = pickField(resource);
                JsonNode value = resource.get(field);
                resource.set(
                        field,
                        value.isArray()
                                ? new TextNode("x")
                                : NODES.arrayNode().add(value).add(value));
                return "wrong JSON type for " + field;
            }
            case 2 -> {
                resource.put(pick(List.of("birthDate", "deceasedDateTime")), pick(BAD_DATES));
                resource.put("resourceType", "Patient");
                resource.remove(List.of(
                        "status",
                        "code",
                        "effectiveDateTime",
                        "valueInteger",
                        "note",
                        "name",
                        "alias",
                        "address",
                        "position"));
                return "bad date";
            }
            case 3 -> {
                resource.putObject("meta").putArray("profile").add(pick(BAD_URIS));
                return "bad canonical";
            }
            case 4 -> {
                rawText = pick(BAD_TEXT);
                resource.putArray("extension")
                        .addObject()
                        .put("url", "https://regen-registry.org/fhir/fuzz")
                        .put("valueString", RAW_TEXT);
                return "bad text \"" + rawText + "\"";
            }
            case 5 -> {
                at.putArray("extension").addObject().put("valueString", "no url");
                return "extension without url";
            }
            case 6 -> {
                resource.putObject("text").put("status", "generated").put("div", pick(NARRATIVE));
                return "active narrative";
            }
            case 7 -> {
                resource.put("resourceType", pick(List.of("Nope", "", "patient", "Bundle ")));
                return "unknown resource type";
            }
            case 8 -> {
                resource.put("_" + pickField(resource), "x");
                return "primitive extension not an object";
            }
            case 9 -> {
                resource.put("meta", "x");
                return "meta not an object";
            }
            default -> {
                return "truncated";
            }
        }
    }

    /** The JSON text, with the raw text a mutation chose written in place of its marker. */
    private String text(JsonNode node) {
        return node.toString().replace(RAW_TEXT, rawText);
    }

    private ObjectNode seed() {
        try {
            return (ObjectNode) JSON.readTree(pick(SEEDS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String pickField(ObjectNode resource) {
        List<String> fields = new ArrayList<>();
        resource.fieldNames().forEachRemaining(name -> {
            if (!name.equals("resourceType") && !name.equals("id")) {
                fields.add(name);
            }
        });
        return pick(fields);
    }

    private static void collectObjects(JsonNode node, List<ObjectNode> objects) {
        if (node instanceof ObjectNode object) {
            objects.add(object);
        }
        for (Iterator<JsonNode> children = node.elements(); children.hasNext(); ) {
            collectObjects(children.next(), objects);
        }
    }

    private String truncate(String text) {
        return text.substring(0, 1 + random.nextInt(text.length() - 2));
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }
}
