package org.regenregistry.ehr.poll;

import java.util.ArrayList;
import java.util.List;

/** Search-set Bundles as an EHR sends them, written as JSON text. */
final class Bundles {

    private Bundles() {}

    /**
     * A page of search results.
     *
     * @param lastUpdated the page's {@code meta.lastUpdated}, or null
     * @param next the {@code next} link, or null on the last page
     */
    static String searchset(String lastUpdated, String next, String... entries) {
        List<String> parts = new ArrayList<>();
        parts.add("\"resourceType\":\"Bundle\"");
        parts.add("\"type\":\"searchset\"");
        if (lastUpdated != null) {
            parts.add("\"meta\":{\"lastUpdated\":\"" + lastUpdated + "\"}");
        }
        if (next != null) {
            parts.add("\"link\":[{\"relation\":\"next\",\"url\":\"" + next + "\"}]");
        }
        parts.add("\"entry\":[" + String.join(",", entries) + "]");
        return "{" + String.join(",", parts) + "}";
    }

    /** A matching Observation. */
    static String observation(String id, String lastUpdated) {
        return entry(
                "match",
                "{\"resourceType\":\"Observation\",\"id\":\"" + id + "\",\"meta\":{\"lastUpdated\":\"" + lastUpdated
                        + "\"},\"status\":\"final\",\"code\":{\"text\":\"Heart rate\"}}");
    }

    /** A Patient added by {@code _include}. */
    static String includedPatient(String id) {
        return entry("include", "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\"}");
    }

    /** An OperationOutcome in search mode {@code outcome}. */
    static String outcome(String severity, String code, String diagnostics) {
        return entry(
                "outcome",
                "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"" + severity + "\",\"code\":\""
                        + code + "\",\"diagnostics\":\"" + diagnostics + "\"}]}");
    }

    private static String entry(String mode, String resource) {
        return "{\"resource\":" + resource + ",\"search\":{\"mode\":\"" + mode + "\"}}";
    }
}
