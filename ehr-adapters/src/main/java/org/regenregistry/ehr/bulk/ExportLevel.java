package org.regenregistry.ehr.bulk;

/**
 * The three kick-off endpoints of a Bulk Data export
 * (<a href="https://hl7.org/fhir/uv/bulkdata/STU2/export.html">Bulk Data STU2, $export</a>).
 * A site's flavour says which of them it offers: Oracle Health, for instance, only {@link #GROUP}.
 */
public enum ExportLevel {
    /** {@code [base]/Group/[id]/$export}: the patients of one group and the data about them. */
    GROUP,
    /** {@code [base]/Patient/$export}: every patient and the data about them. */
    PATIENT,
    /** {@code [base]/$export}: all data on the server. */
    SYSTEM
}
