package org.regenregistry.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r5.utils.validation.constants.BestPracticeWarningLevel;
import org.junit.jupiter.api.Test;

/**
 * The pooled validator answers exactly what HAPI's own instance validator answers, message for message (severity,
 * location, rule, text), for every example of the package, every entry of the example Bundles and every invalid
 * fixture; also when its instances are reused many times over and by several threads at once.
 */
class PooledInstanceValidatorTest {

    private static final Path INVALID = Path.of("src/test/fhir/invalid");

    @Test
    void answersAsHapisValidatorDoesResourceAfterResource() {
        List<IBaseResource> resources = resources();
        FhirValidator stock = validator(new FhirInstanceValidator(RegistryValidator.CHAIN));
        FhirValidator pooled = validator(new PooledInstanceValidator(RegistryValidator.CHAIN));

        List<List<String>> expected =
                resources.stream().map(r -> messages(stock, r)).toList();

        int rounds = 2 * PooledInstanceValidator.VALIDATIONS_PER_INSTANCE / resources.size() + 2;
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < resources.size(); i++) {
                assertThat(messages(pooled, resources.get(i)))
                        .as("round %d, %s", round, resources.get(i).getIdElement())
                        .isEqualTo(expected.get(i));
            }
        }
        assertThat(expected).as("the fixtures do have errors to compare").anySatisfy(m -> assertThat(m)
                .anySatisfy(line -> assertThat(line).startsWith("ERROR")));
    }

    @Test
    void answersAsHapisValidatorDoesFromSeveralThreadsAtOnce() throws Exception {
        List<IBaseResource> resources = resources();
        FhirValidator stock = validator(new FhirInstanceValidator(RegistryValidator.CHAIN));
        FhirValidator pooled = validator(new PooledInstanceValidator(RegistryValidator.CHAIN));
        List<List<String>> expected =
                resources.stream().map(r -> messages(stock, r)).toList();

        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                int offset = thread * 7;
                runs.add(threads.submit(() -> {
                    for (int n = 0; n < resources.size() * 3; n++) {
                        int i = (n + offset) % resources.size();
                        assertThat(messages(pooled, resources.get(i))).isEqualTo(expected.get(i));
                    }
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static FhirValidator validator(FhirInstanceValidator module) {
        module.setBestPracticeWarningLevel(BestPracticeWarningLevel.Ignore);
        FhirValidator validator = RegistryValidator.FHIR.newValidator();
        validator.registerValidatorModule(module);
        return validator;
    }

    private static List<String> messages(FhirValidator validator, IBaseResource resource) {
        return validator.validateWithResult(resource).getMessages().stream()
                .map(PooledInstanceValidatorTest::describe)
                .toList();
    }

    private static String describe(SingleValidationMessage message) {
        return message.getSeverity() + " " + message.getLocationString() + " " + message.getMessageId() + " "
                + message.getMessage();
    }

    /** The package's examples, the entries of its example Bundles, and the invalid fixtures. */
    private static List<IBaseResource> resources() {
        List<IBaseResource> resources = new ArrayList<>();
        for (String name : PackageResources.names("example")) {
            Resource example = PackageResources.read("example", name);
            resources.add(example);
            if (example instanceof Bundle bundle) {
                bundle.getEntry().forEach(entry -> resources.add(entry.getResource()));
            }
        }
        try (Stream<Path> fixtures = Files.list(INVALID)) {
            fixtures.sorted().forEach(fixture -> resources.add(parse(fixture)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return resources;
    }

    private static IBaseResource parse(Path fixture) {
        try {
            return RegistryValidator.FHIR.newJsonParser().parseResource(Files.readString(fixture));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
