package org.regenregistry.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.validation.ResultSeverityEnum;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The package as the official HL7 validator sees it. The build runs that validator ({@code official-validator/run.sh},
 * R4, no terminology server) over every conformance resource, example and invalid fixture before the integration
 * tests; this test reads its findings. Hospitals check what they send with that validator, so an error it reports is
 * a defect of the package unless {@code official-validator/known-findings.tsv} gives the reason it is not.
 *
 * @see <a href="https://confluence.hl7.org/display/FHIR/Using+the+FHIR+Validator">Using the FHIR validator</a>
 */
class OfficialValidatorIT {

    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final Path RESULTS =
            Path.of(System.getProperty("officialValidator.results", "target/official-validator/results.json"));
    private static final Path KNOWN_FINDINGS = Path.of("official-validator/known-findings.tsv");

    private static final List<Finding> ERRORS = officialErrors();
    private static final List<KnownFinding> KNOWN = knownFindings();

    /** An error of the official validator: the file (relative to the module), the element and the message. */
    record Finding(String file, String location, String message) {}

    /** A reviewed error that is not the package's fault. */
    record KnownFinding(PathMatcher files, String glob, Pattern message, String reason) {

        boolean explains(Finding finding) {
            return files.matches(Path.of(finding.file()))
                    && message.matcher(finding.message()).matches();
        }
    }

    @Test
    void thePackageHasNoErrorsButTheReviewedOnes() {
        List<String> unexplained = ERRORS.stream()
                .filter(finding -> finding.file().startsWith("src/main/fhir/"))
                .filter(finding -> KNOWN.stream().noneMatch(known -> known.explains(finding)))
                .map(finding -> finding.file() + " @ " + finding.location() + ": " + finding.message())
                .toList();

        assertThat(unexplained).isEmpty();
    }

    @Test
    void everyReviewedFindingStillOccurs() {
        List<String> stale = KNOWN.stream()
                .filter(known -> ERRORS.stream().noneMatch(known::explains))
                .map(known -> known.glob() + ": " + known.message().pattern())
                .toList();

        assertThat(stale).as("known findings that no longer occur: remove them").isEmpty();
    }

    static Stream<String> examplesAndFixtures() throws IOException {
        List<String> files = new ArrayList<>();
        for (String folder : List.of("src/main/fhir/examples", "src/test/fhir/invalid")) {
            try (Stream<Path> listing = Files.list(Path.of(folder))) {
                listing.filter(path -> path.toString().endsWith(".json"))
                        .map(path -> folder + "/" + path.getFileName())
                        .sorted()
                        .forEach(files::add);
            }
        }
        return files.stream();
    }

    /**
     * Both validators call the file valid, or both call it invalid and name at least one element in common (HAPI
     * reports a rule that the official validator also reports, at the same place).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("examplesAndFixtures")
    void hapiAndTheOfficialValidatorAgree(String file) throws IOException {
        Set<String> official = ERRORS.stream()
                .filter(finding -> finding.file().equals(file))
                .filter(finding -> KNOWN.stream().noneMatch(known -> known.explains(finding)))
                .map(Finding::location)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> hapi = RegistryValidator.validate(
                        RegistryValidator.FHIR.newJsonParser().parseResource(Files.readString(Path.of(file))))
                .getMessages()
                .stream()
                .filter(message -> message.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
                .map(message -> message.getLocationString())
                .collect(Collectors.toCollection(TreeSet::new));

        assertThat(official.isEmpty())
                .as("official errors at %s, HAPI errors at %s", official, hapi)
                .isEqualTo(hapi.isEmpty());
        if (!hapi.isEmpty()) {
            assertThat(official).as("official errors, HAPI errors at %s", hapi).containsAnyElementsOf(hapi);
        }
    }

    private static List<Finding> officialErrors() {
        Bundle results;
        try {
            results = RegistryValidator.FHIR.newJsonParser().parseResource(Bundle.class, Files.readString(RESULTS));
        } catch (IOException e) {
            throw new UncheckedIOException("No results of the official validator at " + RESULTS, e);
        }
        List<Finding> errors = new ArrayList<>();
        for (Bundle.BundleEntryComponent entry : results.getEntry()) {
            OperationOutcome outcome = (OperationOutcome) entry.getResource();
            String file = MODULE.relativize(Path.of(((StringType) outcome.getExtensionByUrl(
                                            "http://hl7.org/fhir/StructureDefinition/operationoutcome-file")
                                    .getValue())
                            .getValue()))
                    .toString();
            outcome.getIssue().stream()
                    .filter(issue -> issue.getSeverity() == OperationOutcome.IssueSeverity.ERROR
                            || issue.getSeverity() == OperationOutcome.IssueSeverity.FATAL)
                    .forEach(issue -> errors.add(new Finding(
                            file,
                            issue.getExpression().isEmpty()
                                    ? ""
                                    : issue.getExpression().get(0).getValue(),
                            issue.getDetails().getText())));
        }
        assertThat(results.getEntry())
                .as("files the official validator reported on")
                .isNotEmpty();
        return errors;
    }

    private static List<KnownFinding> knownFindings() {
        try {
            return Files.readAllLines(KNOWN_FINDINGS).stream()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .map(line -> line.split("\t"))
                    .peek(columns -> {
                        if (columns.length != 3 || columns[2].isBlank()) {
                            throw new IllegalStateException(
                                    KNOWN_FINDINGS + ": each line names the files, the message and the reason");
                        }
                    })
                    .map(columns -> new KnownFinding(
                            FileSystems.getDefault().getPathMatcher("glob:" + columns[0]),
                            columns[0],
                            Pattern.compile(columns[1]),
                            columns[2]))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
