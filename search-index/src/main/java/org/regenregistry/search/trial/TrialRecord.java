package org.regenregistry.search.trial;

import java.util.List;
import org.hl7.fhir.r4.model.BiologicallyDerivedProduct;
import org.hl7.fhir.r4.model.DeviceDefinition;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.ResearchStudy;

/**
 * A trial and the resources its document is built from, as read from the registry: the Trial-profiled ResearchStudy,
 * its eligibility Group, site Locations, sponsor Organization, investigational products and neuromodulation devices,
 * and what the registry counts about it.
 *
 * @param revision the trial's revision in the registry's outbox when this record was read (see {@link TrialDocument})
 */
public record TrialRecord(
        long revision,
        ResearchStudy study,
        Group eligibility,
        List<Location> sites,
        Organization sponsor,
        List<BiologicallyDerivedProduct> products,
        List<DeviceDefinition> devices,
        Counts counts) {

    /**
     * @param subjects ResearchSubjects of the trial
     * @param adverseEvents AdverseEvents naming the trial
     * @param seriousAdverseEvents those of them whose seriousness is {@code Serious}
     * @param outcomes pain and function scores recorded for the trial; a trial with any has results
     */
    public record Counts(int subjects, int adverseEvents, int seriousAdverseEvents, int outcomes) {}
}
