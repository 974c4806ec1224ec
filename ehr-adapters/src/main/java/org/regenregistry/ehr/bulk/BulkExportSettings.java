package org.regenregistry.ehr.bulk;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * How one site's Bulk Data exports run: which kick-off levels its flavour offers, how long to wait between status
 * requests when the EHR sends no {@code Retry-After}
 * (<a href="https://hl7.org/fhir/uv/bulkdata/STU2/export.html#bulk-data-status-request">Bulk Data STU2, status
 * request</a>), the longest single wait whatever the EHR asks, how long a whole
 * export may take before it is cancelled, and the timeout of file downloads that go out without the site's transport
 * (files that need no access token).
 */
public record BulkExportSettings(
        Set<ExportLevel> allowedLevels,
        Duration defaultPollInterval,
        Duration maxPollWait,
        Duration deadline,
        Duration downloadTimeout) {

    public BulkExportSettings {
        if (allowedLevels.isEmpty()) {
            throw new IllegalArgumentException("A site must allow at least one export level");
        }
        allowedLevels = Set.copyOf(allowedLevels);
        requirePositive(defaultPollInterval, "defaultPollInterval");
        requirePositive(maxPollWait, "maxPollWait");
        requirePositive(deadline, "deadline");
        requirePositive(downloadTimeout, "downloadTimeout");
    }

    /**
     * Defaults for a site offering {@code allowedLevels}: poll every 10 seconds unless told otherwise, never wait more
     * than 5 minutes at once, give up after 6 hours (a Group of 20,000 patients can take hours).
     */
    public static BulkExportSettings defaults(Set<ExportLevel> allowedLevels) {
        return new BulkExportSettings(
                allowedLevels,
                Duration.ofSeconds(10),
                Duration.ofMinutes(5),
                Duration.ofHours(6),
                Duration.ofSeconds(60));
    }

    /** Defaults for a site offering every level. */
    public static BulkExportSettings defaults() {
        return defaults(EnumSet.allOf(ExportLevel.class));
    }

    private static void requirePositive(Duration duration, String name) {
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
