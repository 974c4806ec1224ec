package org.regenregistry.ctgov;

import java.util.List;

/**
 * What {@link TherapyClassifier} made of a study: its therapy families and subtypes (codes of the registry's
 * therapy-family and therapy-subtype code systems), the evidence for each, and, when it could not decide, why.
 *
 * @param families the distinct families, in the classifier's order (stable, so a re-import maps alike), of the tested interventions; {@code unclassified} alone when it could not decide
 * @param subtypes the subtypes it recognised, within those families
 * @param devices the tested interventions recognised as neuromodulation devices, with their modality
 * @param evidence which intervention (or term) gave which family, for the import report
 * @param unclassifiedReason why it could not decide, or {@code null} when it did
 */
public record Classification(
        List<String> families,
        List<String> subtypes,
        List<TestedDevice> devices,
        List<String> evidence,
        String unclassifiedReason) {

    /** The family code for a record the classifier could not decide. */
    public static final String UNCLASSIFIED = "unclassified";

    /** The family code for interventions of none of the registry's families. */
    public static final String OTHER = "other";

    public Classification {
        families = List.copyOf(families);
        subtypes = List.copyOf(subtypes);
        devices = List.copyOf(devices);
        evidence = List.copyOf(evidence);
    }

    /** Whether the classifier decided. */
    public boolean classified() {
        return unclassifiedReason == null;
    }
}
