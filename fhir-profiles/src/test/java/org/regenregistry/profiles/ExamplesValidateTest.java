package org.regenregistry.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example shipped in the package validates against the profiles it declares with no error. */
class ExamplesValidateTest {

    static Stream<String> examples() {
        return PackageResources.names("example").stream();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void exampleValidatesWithoutErrors(String name) {
        IBaseResource example = PackageResources.read("example", name);

        ValidationResult result = RegistryValidator.validate(example);

        List<String> errors = result.getMessages().stream()
                .filter(message -> message.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
                .map(ExamplesValidateTest::describe)
                .toList();
        assertThat(errors).as(name).isEmpty();
    }

    static String describe(SingleValidationMessage message) {
        return message.getLocationString() + ": " + message.getMessage();
    }
}
