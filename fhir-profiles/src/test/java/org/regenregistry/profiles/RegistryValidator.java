package org.regenregistry.profiles;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ValidationResult;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** One shared {@link RegistryValidation} validator for the tests (building it loads the package). */
final class RegistryValidator {

    static final FhirContext FHIR = FhirContext.forR4Cached();

    private static FhirValidator validator;

    private RegistryValidator() {}

    static synchronized ValidationResult validate(IBaseResource resource) {
        if (validator == null) {
            validator = RegistryValidation.validator(FHIR);
        }
        return validator.validateWithResult(resource);
    }
}
