package org.regenregistry.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditEntryTest {

    private static final Instant WHEN = Instant.parse("2026-12-04T10:15:30.123456789Z");

    @Test
    void theLinkCoversEveryFieldAndThePreviousLink() {
        AuditEntry entry = entry("st-olaf-staff", List.of("Patient/1/_history/2"));
        String link = entry.link(AuditEntry.GENESIS);

        assertThat(link)
                .hasSize(64)
                .isEqualTo(entry(("st-olaf-staff"), List.of("Patient/1/_history/2"))
                        .link(AuditEntry.GENESIS));
        assertThat(entry("lakeside-staff", List.of("Patient/1/_history/2")).link(AuditEntry.GENESIS))
                .isNotEqualTo(link);
        assertThat(entry("st-olaf-staff", List.of("Patient/1/_history/3")).link(AuditEntry.GENESIS))
                .isNotEqualTo(link);
        assertThat(entry.link(link)).isNotEqualTo(link);
    }

    @Test
    void noFieldCanBeMovedIntoItsNeighbour() {
        AuditEntry split = new AuditEntry(
                "e1", WHEN, "r1", "rest", "read", "R", "0", null, 200, "ab", "c", null, null, "GET", "/fhir", null,
                List.of());
        AuditEntry joined = new AuditEntry(
                "e1", WHEN, "r1", "rest", "read", "R", "0", null, 200, "a", "bc", null, null, "GET", "/fhir", null,
                List.of());
        AuditEntry empty = new AuditEntry(
                "e1", WHEN, "r1", "rest", "read", "R", "0", "", 200, "ab", "c", null, null, "GET", "/fhir", null,
                List.of());

        assertThat(split.canonical()).isNotEqualTo(joined.canonical()).isNotEqualTo(empty.canonical());
    }

    @Test
    void theTimeIsKeptToTheMicrosecondAsTheDatabasesKeepIt() {
        assertThat(entry("x", List.of()).recorded()).isEqualTo(Instant.parse("2026-12-04T10:15:30.123456Z"));
    }

    private static AuditEntry entry(String client, List<String> entities) {
        return new AuditEntry(
                "e1",
                WHEN,
                "r1",
                "storage",
                "create",
                "C",
                "0",
                null,
                null,
                client,
                "site",
                "st-olaf",
                "127.0.0.1",
                "POST",
                "/fhir/Patient",
                null,
                entities);
    }
}
