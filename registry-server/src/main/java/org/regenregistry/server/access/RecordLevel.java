package org.regenregistry.server.access;

import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.MeasureReport;

/**
 * What a record is, for who may see it. <b>Conformance</b> records (profiles, value sets, search parameters) are the
 * registry's public package. <b>Trial-level</b> records describe a trial: the ResearchStudy and its eligibility
 * Group, sites, sponsors, products and devices, its investigators; a trial registry is public. Everything else is
 * <b>subject-level</b>: it is about a person (a Patient, their enrolment, scores, procedures, adverse events,
 * consents, provenance, the stimulator implanted in them) or may hold such data (a Binary, a Basic, a Group that lists
 * members). A type not named here
 * is subject-level, so a type the registry has not thought about stays closed.
 */
public enum RecordLevel {
    CONFORMANCE,
    TRIAL,
    SUBJECT;

    private static final Set<String> CONFORMANCE_TYPES = Set.of(
            "StructureDefinition",
            "ValueSet",
            "CodeSystem",
            "ConceptMap",
            "SearchParameter",
            "ImplementationGuide",
            "NamingSystem",
            "OperationDefinition",
            "CompartmentDefinition",
            "StructureMap",
            "CapabilityStatement",
            "TerminologyCapabilities");

    private static final Set<String> TRIAL_TYPES = Set.of(
            "ResearchStudy",
            "Group",
            "Location",
            "Organization",
            "BiologicallyDerivedProduct",
            "Device",
            "DeviceDefinition",
            "PlanDefinition",
            "ActivityDefinition",
            "Measure",
            "MeasureReport",
            "Medication",
            "Substance",
            "Practitioner",
            "PractitionerRole");

    /** The level of a type's records, before seeing one: a Group is taken as trial-level until its members show. */
    public static RecordLevel ofType(String type) {
        if (type == null) {
            return SUBJECT;
        }
        if (CONFORMANCE_TYPES.contains(type)) {
            return CONFORMANCE;
        }
        return TRIAL_TYPES.contains(type) ? TRIAL : SUBJECT;
    }

    /**
     * The level of one record: a Group that lists members is subject-level (an eligibility Group lists none), and so
     * is a Device that names its patient (the unit implanted in a subject, not the kind of device a trial tests), and a
     * MeasureReport other than a summary (the registry's outcome summaries are summaries with small cells left out).
     */
    public static RecordLevel of(IBaseResource resource) {
        if (resource instanceof Group group && group.hasMember()
                || resource instanceof Device device && device.hasPatient()
                || resource instanceof MeasureReport report
                        && (report.getType() != MeasureReport.MeasureReportType.SUMMARY || report.hasSubject())) {
            return SUBJECT;
        }
        return ofType(resource.fhirType());
    }
}
