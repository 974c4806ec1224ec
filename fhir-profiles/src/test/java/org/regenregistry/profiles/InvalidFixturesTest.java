package org.regenregistry.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.validation.ResultSeverityEnum;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each invalid fixture breaks one rule of the profiles, and the validator names that rule. */
class InvalidFixturesTest {

    private static final Path FIXTURES = Path.of("src/test/fhir/invalid");

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            administration-with-negative-dose | Procedure.extension[2].value.ofType(Quantity): Constraint failed: rr-dose-1: 'A dose or amount cannot be negative'
            eligibility-age-in-months | Constraint failed: rr-age-1: 'Ages are in years (UCUM 'a') and low is not above high'
            gene-therapy-follow-up-shorter-than-15-years | CarePlan: Constraint failed: rr-fu-1: 'A 15-year long-term follow-up plan spans at least 15 years'
            gene-therapy-product-with-negative-dose | BiologicallyDerivedProduct.extension[1].extension[6].value.ofType(Quantity): Constraint failed: rr-dose-1
            neuromodulation-device-with-integrative-modality | DeviceDefinition.type: None of the codings provided are in the value set 'Neuromodulation modality'
            neuromodulation-device-with-unknown-paradigm | Unknown code 'https://regen-registry.org/fhir/CodeSystem/stimulation-paradigm#sine-wave'
            neuromodulation-device-without-implanted | Slice 'Extension.extension:implanted': a matching slice is required, but not found
            neuromodulation-device-without-modality | DeviceDefinition.type: minimum required = 1, but only found 0
            neuromodulation-procedure-without-device | Slice 'Procedure.extension:device' for extension 'https://regen-registry.org/fhir/StructureDefinition/applied-device': a matching slice is required, but not found
            outcome-submission-as-transaction | Bundle: Constraint failed: rr-sub-1: 'An outcome submission is a collection or a document Bundle'
            outcome-submission-without-header | Bundle: Constraint failed: rr-sub-2: 'The first entry is the submission's header, a Composition whose subject is the trial
            outcome-submission-without-signature | Bundle.signature: minimum required = 1, but only found 0
            pain-score-out-of-range | Observation: Constraint failed: rr-pain-1: 'A numeric rating scale score is between 0 and 10'
            pain-score-with-wrong-code | Observation.code: None of the codings provided are in the value set 'Pain score codes'
            prp-product-without-leukocyte-class | Slice 'Extension.extension:leukocyteClass': a matching slice is required, but not found
            prp-product-without-prp-facts | Constraint failed: rr-product-2: 'A prp product carries the prp-product extension'
            result-adverse-events-with-unknown-kind | Observation.code: None of the codings provided are in the value set 'Adverse-event result'
            result-comparison-of-one-group | Slice 'Observation.extension:resultGroup' for extension 'https://regen-registry.org/fhir/StructureDefinition/result-group': minimum required = 2, but only found 1
            result-summary-about-a-person | Observation.subject: max allowed = 0, but found 1
            result-summary-without-outcome-domain | Constraint failed: rr-result-1: 'A result names its outcome domain (pain or function) in a category, and its measure in code.text'
            serious-adverse-event-without-criterion | AdverseEvent: Constraint failed: rr-ae-1: 'A serious adverse event names at least one seriousness criterion'
            subject-without-arm | ResearchSubject.assignedArm: minimum required = 1, but only found 0
            trial-with-unknown-phase | ResearchStudy.phase: Unknown code 'http://terminology.hl7.org/CodeSystem/research-study-phase#phase-5'
            trial-with-unknown-therapy-family | Unknown code 'https://regen-registry.org/fhir/CodeSystem/therapy-family#acupuncture'
            trial-without-period | ResearchStudy.period: minimum required = 1, but only found 0
            trial-without-period-start | ResearchStudy.period.start: minimum required = 1, but only found 0
            trial-without-registry-identifier | Slice 'ResearchStudy.identifier:registry': a matching slice is required, but not found
            trial-without-therapy-family | Slice 'ResearchStudy.extension:therapyFamily' for extension 'https://regen-registry.org/fhir/StructureDefinition/therapy-family': a matching slice is required, but not found
            """)
    void fixtureIsRefusedWithTheExpectedMessage(String fixture, String expected) throws IOException {
        var resource = RegistryValidator.FHIR
                .newJsonParser()
                .parseResource(Files.readString(FIXTURES.resolve(fixture + ".json")));

        List<String> errors = RegistryValidator.validate(resource).getMessages().stream()
                .filter(message -> message.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
                .map(ExamplesValidateTest::describe)
                .toList();

        assertThat(errors).anySatisfy(error -> assertThat(error).contains(expected));
    }
}
