package org.regenregistry.ehr.site;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.regenregistry.ehr.bulk.ExportLevel;

/**
 * What a kind of EHR can do for the sync, as data the sync looks up rather than code per vendor.
 *
 * <ul>
 *   <li>{@link #exportLevels()}: the Bulk Data {@code $export} levels the EHR offers
 *       (<a href="https://hl7.org/fhir/uv/bulkdata/STU2/export.html">Bulk Data Access</a>).
 *   <li>{@link #sweepTypes()}: resource types whose {@code meta.lastUpdated} does not move for every edit, so that a
 *       {@code _lastUpdated} search (<a href="https://hl7.org/fhir/R4/search.html#lastUpdated">FHIR R4 search</a>)
 *       can miss changes; the sync reads them in full from time to time.
 *   <li>{@link #writableTypes()}: resource types the registry may write back to the EHR.
 * </ul>
 */
public enum EhrFlavour {

    /**
     * Epic: Bulk Data for groups only; ResearchStudy and ResearchSubject can be read and searched, not written.
     */
    EPIC(EnumSet.of(ExportLevel.GROUP), Set.of(), Set.of()),

    /**
     * Oracle Health (Cerner Millennium): Bulk Data for groups only (up to 20,000 patients); {@code _lastUpdated} of an
     * Observation only moves for a clinically significant update, so Observations need a periodic full sweep.
     */
    ORACLE_HEALTH(EnumSet.of(ExportLevel.GROUP), Set.of("Observation"), Set.of()),

    /** A FHIR server that follows the specification, such as HAPI FHIR: every export level, writes of research data. */
    GENERIC(EnumSet.allOf(ExportLevel.class), Set.of(), Set.of("ResearchStudy", "ResearchSubject"));

    private final Set<ExportLevel> exportLevels;
    private final Set<String> sweepTypes;
    private final Set<String> writableTypes;

    EhrFlavour(Set<ExportLevel> exportLevels, Set<String> sweepTypes, Set<String> writableTypes) {
        this.exportLevels = Set.copyOf(exportLevels);
        this.sweepTypes = sweepTypes;
        this.writableTypes = writableTypes;
    }

    /** The name in settings and in the admin API, e.g. {@code oracle-health}. */
    @JsonValue
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The Bulk Data export levels the EHR offers. */
    public Set<ExportLevel> exportLevels() {
        return exportLevels;
    }

    /** Resource types whose {@code _lastUpdated} can stay put on an edit: incremental polls miss such edits. */
    public Set<String> sweepTypes() {
        return sweepTypes;
    }

    /** Resource types the registry may create or update in the EHR. */
    public Set<String> writableTypes() {
        return writableTypes;
    }

    /** Whether the registry may push its enrolments: the trial as a ResearchStudy and each ResearchSubject. */
    public boolean takesEnrolments() {
        return writableTypes.containsAll(Set.of("ResearchStudy", "ResearchSubject"));
    }
}
