package org.regenregistry.ehr.mapping;

import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Procedure.ProcedureStatus;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.regenregistry.profiles.CoreExtensions;
import org.regenregistry.profiles.RegistryExtensions;
import org.regenregistry.profiles.RegistryProfiles;

/**
 * EHR Procedure -> therapy administration (profile {@code rr-therapy-administration}), when its code stands for an
 * investigational product of the subject's trial ({@link TherapyProduct}). The date and body site are the EHR's; the
 * route and dose are the protocol's, from the trial's configuration, since an R4 Procedure records neither
 * (<a href="https://hl7.org/fhir/R4/procedure.html">R4 Procedure</a>).
 */
final class AdministrationMapper {

    static final String PROFILE = RegistryProfiles.THERAPY_ADMINISTRATION;
    static final String PRODUCT = RegistryExtensions.ADMINISTERED_PRODUCT;
    static final String DOSE = RegistryExtensions.ADMINISTERED_DOSE;
    static final String ROUTE = RegistryExtensions.ADMINISTRATION_ROUTE;

    private static final String SNOMED = "http://snomed.info/sct";
    private static final String UCUM = "http://unitsofmeasure.org";

    private AdministrationMapper() {}

    static Procedure map(Procedure ehr, Subject subject, Enrolment enrolment, EhrSource source) throws NotMapped {
        TherapyProduct product = product(enrolment, ehr.getCode())
                .orElseThrow(() -> NotMapped.unmappable("Procedure.code " + Concepts.codes(ehr.getCode())
                        + " stands for no investigational product of " + enrolment.study()));
        if (ehr.getStatus() != ProcedureStatus.COMPLETED) {
            throw NotMapped.unmappable(
                    "Procedure.status is " + (ehr.hasStatus() ? ehr.getStatus().toCode() : "absent")
                            + "; a therapy administration is a completed procedure");
        }
        DateTimeType performed = performed(ehr)
                .orElseThrow(() -> NotMapped.unmappable("Procedure.performed[x]: the EHR gives no date and time"));
        if (!ehr.hasBodySite()) {
            throw NotMapped.unmappable("Procedure.bodySite: the EHR Procedure names no body site");
        }
        if (product.route() == null) {
            throw NotMapped.unmappable("Procedure.extension:route: the EHR Procedure has no route and "
                    + enrolment.study() + " configures none for " + product.procedureCode());
        }
        if (product.dose() == null) {
            throw NotMapped.unmappable("Procedure.extension:dose: the EHR Procedure has no dose and "
                    + enrolment.study() + " configures none for " + product.procedureCode());
        }

        Procedure procedure = new Procedure();
        procedure.setMeta(source.meta(PROFILE));
        procedure.addExtension(CoreExtensions.RESEARCH_STUDY, new Reference(enrolment.study()));
        procedure.addExtension(PRODUCT, new Reference(product.product()));
        procedure.addExtension(
                DOSE,
                new Quantity()
                        .setValue(product.dose())
                        .setUnit(product.doseUnit())
                        .setSystem(UCUM)
                        .setCode(product.doseUnit()));
        procedure.addExtension(ROUTE, new CodeableConcept(route(product.route())));
        procedure.addIdentifier(source.key());
        procedure.setStatus(ProcedureStatus.COMPLETED);
        procedure.setCode(Concepts.clean(ehr.getCode()));
        procedure.setSubject(subject.reference());
        procedure.setPerformed(performed);
        procedure.setBodySite(Concepts.clean(ehr.getBodySite()));
        return procedure;
    }

    private static Optional<TherapyProduct> product(Enrolment enrolment, CodeableConcept code) {
        for (Coding coding : code.getCoding()) {
            for (TherapyProduct product : enrolment.products()) {
                if (product.standsFor(coding.getSystem(), coding.getCode())) {
                    return Optional.of(product);
                }
            }
        }
        return Optional.empty();
    }

    /** The administration's date and time: performedDateTime, or the start of performedPeriod. */
    private static Optional<DateTimeType> performed(Procedure ehr) {
        if (ehr.hasPerformedDateTimeType()) {
            return Optional.of(ehr.getPerformedDateTimeType().copy());
        }
        if (ehr.hasPerformedPeriod() && ehr.getPerformedPeriod().hasStart()) {
            return Optional.of(ehr.getPerformedPeriod().getStartElement().copy());
        }
        return Optional.empty();
    }

    private static Coding route(String snomedCode) {
        return RegistryValueSets.get()
                .find(RegistryValueSets.ADMINISTRATION_ROUTE, SNOMED, snomedCode)
                .orElseGet(() -> new Coding(SNOMED, snomedCode, null));
    }
}
