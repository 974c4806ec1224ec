package org.regenregistry.server.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * Which audit records a regulator asks for: of records ({@code Type/id}), of a client, of a site, in a period; any of
 * them may be left out. Newest first.
 *
 * @param entities records the events name (any of them), versionless; {@code null} for any record
 * @param client the client that made them
 * @param site the site they were made for or by
 * @param from the earliest time, inclusive
 * @param to the latest time, exclusive
 */
record AuditQuery(Collection<String> entities, String client, String site, Instant from, Instant to) {

    List<AuditEntry> page(AuditLog audit, int offset, int limit) {
        List<Object> arguments = new ArrayList<>();
        String sql = "SELECT " + AuditLog.COLUMNS + " FROM " + AuditLog.EVENTS + " E" + where(arguments)
                + " ORDER BY RECORDED DESC, EVENT_ID OFFSET " + offset + " ROWS FETCH FIRST " + limit + " ROWS ONLY";
        return audit.jdbc().query(sql, (row, index) -> AuditLog.entry(row), arguments.toArray());
    }

    long count(AuditLog audit) {
        List<Object> arguments = new ArrayList<>();
        return audit.jdbc()
                .queryForObject(
                        "SELECT COUNT(*) FROM " + AuditLog.EVENTS + " E" + where(arguments),
                        Long.class,
                        arguments.toArray());
    }

    private String where(List<Object> arguments) {
        StringBuilder where = new StringBuilder(" WHERE 1=1");
        if (entities != null) {
            where.append(" AND EXISTS (SELECT 1 FROM RR_AUDIT_ENTITY R WHERE R.EVENT_ID = E.EVENT_ID"
                            + " AND R.REFERENCE IN (")
                    .append(String.join(", ", Collections.nCopies(entities.size(), "?")))
                    .append("))");
            arguments.addAll(entities);
        }
        if (client != null) {
            where.append(" AND CLIENT_ID = ?");
            arguments.add(client);
        }
        if (site != null) {
            where.append(" AND SITE_ID = ?");
            arguments.add(site);
        }
        if (from != null) {
            where.append(" AND RECORDED >= ?");
            arguments.add(OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
        }
        if (to != null) {
            where.append(" AND RECORDED < ?");
            arguments.add(OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
        }
        return where.toString();
    }
}
