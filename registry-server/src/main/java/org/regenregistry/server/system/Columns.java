package org.regenregistry.server.system;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Values as the registry's own tables ({@code RR_*}) keep them: instants in UTC, texts cut to their column. */
public final class Columns {

    private Columns() {}

    /** {@code instant} for a {@code TIMESTAMP WITH TIME ZONE} column, in UTC on H2 and PostgreSQL alike. */
    public static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** {@code text} cut to a {@code VARCHAR(length)} column; {@code null} stays {@code null}. */
    public static String fit(String text, int length) {
        return text == null || text.length() <= length ? text : text.substring(0, length);
    }
}
