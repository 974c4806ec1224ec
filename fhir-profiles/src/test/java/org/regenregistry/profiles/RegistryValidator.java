package org.regenregistry.profiles;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * One shared {@link RegistryValidation} validator and support chain for the tests (building either loads the
 * package).
 */
final class RegistryValidator {

    static final FhirContext FHIR = FhirContext.forR4Cached();

    /** The registry's support chain: the package, R4 core and in-memory terminology. */
    static final ValidationSupportChain CHAIN = RegistryValidation.supportChain(FHIR);

    private static FhirValidator validator;

    private RegistryValidator() {}

    static synchronized ValidationResult validate(IBaseResource resource) {
        if (validator == null) {
            validator = RegistryValidation.validator(FHIR);
        }
        return validator.validateWithResult(resource);
    }

    /**
     * The package's own profiles and extensions, one per URL: once a test has had snapshots generated, the chain also
     * lists its cached copies.
     */
    static List<StructureDefinition> packageStructureDefinitions() {
        Map<String, StructureDefinition> byUrl = new LinkedHashMap<>();
        CHAIN.fetchAllStructureDefinitions().stream()
                .map(StructureDefinition.class::cast)
                .filter(definition -> definition.getUrl().startsWith(RegistryPackage.STRUCTURE_DEFINITIONS))
                .forEach(definition -> byUrl.putIfAbsent(definition.getUrl(), definition));
        return List.copyOf(byUrl.values());
    }
}
