package org.regenregistry.server.profiles;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.jpa.config.JpaConfig;
import ca.uhn.fhir.validation.FhirValidator;
import java.util.Map;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.regenregistry.profiles.RegistryProfiles;
import org.regenregistry.profiles.RegistryValidation;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Validation of registry resources on write: which types must declare which profile, and with which validator.
 */
@Configuration
public class ProfileEnforcementConfig {

    /** The validator of the registry's package, in memory: the bean's name. */
    public static final String REGISTRY_VALIDATOR = "registryValidator";

    /** Types the registry models in one way only; Observation, Procedure, Group, Location and CarePlan are optional. */
    static final Map<String, String> REQUIRED_PROFILES = Map.of(
            "ResearchStudy", RegistryProfiles.TRIAL,
            "ResearchSubject", RegistryProfiles.SUBJECT,
            "BiologicallyDerivedProduct", RegistryProfiles.PRODUCT,
            "DeviceDefinition", RegistryProfiles.NEUROMODULATION_DEVICE,
            "AdverseEvent", RegistryProfiles.ADVERSE_EVENT);

    /**
     * Writes are validated in memory against the package on the classpath (the same package that is installed), not
     * through the JPA validation chain: no database round trip per profile, value set or code system look-up.
     */
    @Bean(REGISTRY_VALIDATOR)
    FhirValidator registryValidator(FhirContext fhirContext) {
        return RegistryValidation.validator(fhirContext);
    }

    @Bean
    ProfileEnforcingInterceptor profileEnforcingInterceptor(
            FhirContext fhirContext, @Qualifier(REGISTRY_VALIDATOR) FhirValidator validator) {
        return new ProfileEnforcingInterceptor(fhirContext, validator, REQUIRED_PROFILES);
    }

    /** The same rule for external code systems in HAPI's JPA chain, which serves {@code $validate}. */
    @Bean
    SmartInitializingSingleton externalCodeSystemsAreWarnings(
            FhirContext fhirContext,
            @Qualifier(JpaConfig.JPA_VALIDATION_SUPPORT_CHAIN) IValidationSupport validationSupport) {
        return () -> ((ValidationSupportChain) validationSupport)
                .addValidationSupport(RegistryValidation.externalCodeSystemsAsWarnings(fhirContext));
    }
}
