package org.regenregistry.server.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One audit record: who ({@code client}, {@code role}, {@code site}, from {@code sourceAddress}) did what ({@code kind}
 * and {@code subtype}, an {@code action} on the {@code entities}) when ({@code recorded}), with which {@code outcome}.
 * The fields follow <a href="https://profiles.ihe.net/ITI/BALP/">IHE Basic Audit Log Patterns</a>: the action is
 * AuditEvent.action (C, R, U, D, E), the outcome AuditEvent.outcome (0 success, 4 minor failure such as a refused or
 * bad request, 8 serious failure of the server).
 *
 * @param id the event's id
 * @param recorded when it happened, to the microsecond (what both databases keep)
 * @param requestId the request it belongs to: a transaction's entries share their Bundle's
 * @param kind {@code rest} (FHIR), {@code api} (the registry's JSON API), {@code oauth}, {@code operations}, or
 *     {@code storage} (a write inside a request or by the registry itself)
 * @param subtype the FHIR interaction or operation ({@code read}, {@code search-type}, {@code $export}, ...) or the
 *     HTTP method and path template of an API call
 * @param action C, R, U, D or E
 * @param outcome 0, 4 or 8
 * @param outcomeText why it failed, when it did
 * @param httpStatus the answer's HTTP status, when the event is a request's
 * @param client the token's client ({@code sub}), or {@code registry} for the registry's own writes; empty without a
 *     token
 * @param role the token's role
 * @param site the site the caller acts for, or of the record written
 * @param sourceAddress the caller's network address
 * @param method the HTTP method
 * @param path the request path
 * @param query the request's query string
 * @param entities the records named: read, written, found ({@code Patient/1/_history/2} where the version is known)
 */
public record AuditEntry(
        String id,
        Instant recorded,
        String requestId,
        String kind,
        String subtype,
        String action,
        String outcome,
        String outcomeText,
        Integer httpStatus,
        String client,
        String role,
        String site,
        String sourceAddress,
        String method,
        String path,
        String query,
        List<String> entities) {

    /** The link before the first record. */
    public static final String GENESIS = "0".repeat(64);

    /** Cuts each text to its column's length, so a long path or message is shortened rather than refused. */
    public AuditEntry {
        Objects.requireNonNull(id);
        recorded = recorded.truncatedTo(ChronoUnit.MICROS);
        requestId = cut(requestId, 64);
        subtype = cut(subtype, 100);
        outcomeText = cut(outcomeText, 1000);
        client = cut(client, 200);
        role = cut(role, 32);
        site = cut(site, 64);
        sourceAddress = cut(sourceAddress, 64);
        method = cut(method, 10);
        path = cut(path, 2000);
        query = cut(query, 4000);
        entities = List.copyOf(entities);
    }

    private static String cut(String text, int length) {
        return text == null || text.length() <= length ? text : text.substring(0, length);
    }

    /** A new event id. */
    static String newId() {
        return UUID.randomUUID().toString();
    }

    /**
     * The record's canonical form, which its chain link covers: every field in a fixed order, each as its length and
     * its text, so no field can be moved into another.
     */
    String canonical() {
        return Stream.of(
                        id,
                        recorded.toString(),
                        requestId,
                        kind,
                        subtype,
                        action,
                        outcome,
                        outcomeText,
                        httpStatus == null ? null : httpStatus.toString(),
                        client,
                        role,
                        site,
                        sourceAddress,
                        method,
                        path,
                        query,
                        String.join("\n", entities))
                .map(field -> field == null ? "-1:" : field.length() + ":" + field)
                .collect(Collectors.joining("|"));
    }

    /** This record's chain link after {@code previous}: SHA-256 over the previous link and the canonical form. */
    String link(String previous) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(previous.getBytes(StandardCharsets.US_ASCII));
            sha256.update((byte) '\n');
            sha256.update(canonical().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }
}
