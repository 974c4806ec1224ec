package org.regenregistry.search.trial;

import java.util.List;
import org.hl7.fhir.r4.model.BiologicallyDerivedProduct;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.ResearchStudy;

/**
 * A trial and the resources its document is built from, as read from the registry: the Trial-profiled ResearchStudy,
 * its eligibility Group, site Locations, sponsor Organization and investigational products.
 */
public record TrialRecord(
        ResearchStudy study,
        Group eligibility,
        List<Location> sites,
        Organization sponsor,
        List<BiologicallyDerivedProduct> products) {}
