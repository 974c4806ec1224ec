package org.regenregistry.ctgov;

import java.util.List;
import org.hl7.fhir.r4.model.Bundle;

/**
 * A study record mapped onto the registry profiles.
 *
 * @param nctId the record's NCT number
 * @param trialId the id of the trial (ResearchStudy) it becomes
 * @param lastUpdated the source's last update post date, as given (day or month precision)
 * @param transaction the PUTs that store it
 * @param classification its therapy families, with the evidence
 * @param notes what the mapping left out or could not decide, for the import report
 */
public record MappedStudy(
        String nctId,
        String trialId,
        String lastUpdated,
        Bundle transaction,
        Classification classification,
        List<String> notes) {

    public MappedStudy {
        notes = List.copyOf(notes);
    }
}
