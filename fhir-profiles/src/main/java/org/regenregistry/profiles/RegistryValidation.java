package org.regenregistry.profiles;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.NpmPackageValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r5.utils.validation.constants.BestPracticeWarningLevel;

/**
 * HAPI's instance validator loaded with the registry package and nothing from the network: FHIR R4 core, the
 * package's conformance resources, in-memory terminology, and a warning (not an error) for code systems it cannot
 * see, such as SNOMED CT and LOINC, whose codes are checked against the package's enumerated value sets instead.
 *
 * <p>Everything is held in memory, and snapshots and expansions are cached by the chain after first use, so a warm
 * validation costs no database or network round trip (<a
 * href="https://hapifhir.io/hapi-fhir/docs/validation/validation_support_modules.html">validation support
 * modules</a>).
 *
 * <p>This jar also carries {@code oidregistry.csv}, the code-system rows of the HL7 validator's OID registry, ahead of
 * the library's full copy on the classpath: the validator re-reads that file on every validation (21,000 rows, about
 * 10 ms per resource) and only needs its code-system OIDs. {@code tools/oid_registry_subset.py} regenerates it.
 */
public final class RegistryValidation {

    private RegistryValidation() {}

    /**
     * SNOMED CT, LOINC and ICD-10-CM are not available offline: a code from them is checked against the registry
     * value sets that enumerate it, and a code system the validator cannot see is a warning, not an error.
     */
    public static UnknownCodeSystemWarningValidationSupport externalCodeSystemsAsWarnings(FhirContext fhirContext) {
        UnknownCodeSystemWarningValidationSupport unknownCodeSystems =
                new UnknownCodeSystemWarningValidationSupport(fhirContext);
        unknownCodeSystems.setNonExistentCodeSystemSeverity(IValidationSupport.IssueSeverity.WARNING);
        return unknownCodeSystems;
    }

    static ValidationSupportChain supportChain(FhirContext fhirContext) {
        NpmPackageValidationSupport registryPackage = new NpmPackageValidationSupport(fhirContext);
        try {
            registryPackage.loadPackageFromClasspath(RegistryPackage.CLASSPATH_URL);
        } catch (IOException e) {
            throw new UncheckedIOException("The registry FHIR package could not be read from the classpath", e);
        }
        return new ValidationSupportChain(
                registryPackage,
                new DefaultProfileValidationSupport(fhirContext),
                new CommonCodeSystemsTerminologyService(fhirContext),
                new InMemoryTerminologyServerValidationSupport(fhirContext),
                new SnapshotGeneratingValidationSupport(fhirContext),
                externalCodeSystemsAsWarnings(fhirContext));
    }

    /**
     * A thread-safe validator over the package, offline; best-practice recommendations are not reported. Its core
     * validators are {@link PooledInstanceValidator pooled}.
     */
    public static FhirValidator validator(FhirContext fhirContext) {
        FhirInstanceValidator instanceValidator = new PooledInstanceValidator(supportChain(fhirContext));
        instanceValidator.setBestPracticeWarningLevel(BestPracticeWarningLevel.Ignore);
        FhirValidator validator = fhirContext.newValidator();
        validator.registerValidatorModule(instanceValidator);
        return validator;
    }
}
