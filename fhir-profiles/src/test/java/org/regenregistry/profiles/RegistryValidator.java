package org.regenregistry.profiles;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ValidationResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.NpmPackageValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * HAPI's instance validator loaded with the built package and nothing from the network: FHIR R4 core, the package's
 * conformance resources, in-memory terminology, and a warning (not an error) for code systems it cannot see, such as
 * SNOMED CT and LOINC, whose codes are checked against the package's enumerated value sets instead.
 */
final class RegistryValidator {

    static final FhirContext FHIR = FhirContext.forR4Cached();

    private static FhirValidator validator;

    private RegistryValidator() {}

    static synchronized FhirValidator get() {
        if (validator == null) {
            NpmPackageValidationSupport registryPackage = new NpmPackageValidationSupport(FHIR);
            try {
                registryPackage.loadPackageFromClasspath(RegistryPackage.CLASSPATH_URL);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            UnknownCodeSystemWarningValidationSupport unknownCodeSystems =
                    new UnknownCodeSystemWarningValidationSupport(FHIR);
            unknownCodeSystems.setNonExistentCodeSystemSeverity(IValidationSupport.IssueSeverity.WARNING);
            ValidationSupportChain chain = new ValidationSupportChain(
                    registryPackage,
                    new DefaultProfileValidationSupport(FHIR),
                    new CommonCodeSystemsTerminologyService(FHIR),
                    new InMemoryTerminologyServerValidationSupport(FHIR),
                    new SnapshotGeneratingValidationSupport(FHIR),
                    unknownCodeSystems);
            validator = FHIR.newValidator().registerValidatorModule(new FhirInstanceValidator(chain));
        }
        return validator;
    }

    static ValidationResult validate(IBaseResource resource) {
        return get().validateWithResult(resource);
    }
}
