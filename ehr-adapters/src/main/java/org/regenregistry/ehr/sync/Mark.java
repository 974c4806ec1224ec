package org.regenregistry.ehr.sync;

import java.util.Objects;

/**
 * What a high-water mark measures. Its {@link #key()} is how a store keeps it: the resource type of a poll,
 * {@code sweep:<type>} for the last full read of a type, {@code $export} for a Bulk export's
 * {@code transactionTime} and {@code push:ResearchSubject} for the last complete push of enrolments.
 *
 * @param resourceType the type read or pushed; none for an export, which reads every type at once
 */
public record Mark(Kind kind, String resourceType) {

    /** The time of the last Bulk export, the {@code _since} of the next one. */
    public static final Mark EXPORT = new Mark(Kind.EXPORT, null);

    /** When the registry was last searched for enrolments that every one reached the EHR. */
    public static final Mark PUSH = new Mark(Kind.PUSH, "ResearchSubject");

    public enum Kind {
        /** The EHR's time of the last incremental read of a type. */
        POLL,
        /** The registry's time of the last full read of a type whose {@code _lastUpdated} misses edits. */
        SWEEP,
        EXPORT,
        PUSH
    }

    private static final String EXPORT_KEY = "$export";
    private static final String SWEEP_PREFIX = "sweep:";
    private static final String PUSH_PREFIX = "push:";

    public Mark {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.EXPORT) != (resourceType == null)) {
            throw new IllegalArgumentException("An export mark has no resource type, every other mark has one");
        }
    }

    static Mark poll(String resourceType) {
        return new Mark(Kind.POLL, resourceType);
    }

    static Mark sweep(String resourceType) {
        return new Mark(Kind.SWEEP, resourceType);
    }

    /** The mark's stored form. */
    public String key() {
        return switch (kind) {
            case POLL -> resourceType;
            case SWEEP -> SWEEP_PREFIX + resourceType;
            case EXPORT -> EXPORT_KEY;
            case PUSH -> PUSH_PREFIX + resourceType;
        };
    }

    /** The mark a stored key stands for. */
    public static Mark parse(String key) {
        if (key.equals(EXPORT_KEY)) {
            return EXPORT;
        }
        if (key.startsWith(SWEEP_PREFIX)) {
            return sweep(key.substring(SWEEP_PREFIX.length()));
        }
        if (key.startsWith(PUSH_PREFIX)) {
            return new Mark(Kind.PUSH, key.substring(PUSH_PREFIX.length()));
        }
        return poll(key);
    }
}
