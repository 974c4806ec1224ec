package org.regenregistry.server.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.utilities.xhtml.XhtmlNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.regenregistry.server.support.ExampleTrials;

class DatatypeRulesInterceptorTest {

    private final DatatypeRulesInterceptor interceptor = new DatatypeRulesInterceptor();

    @Test
    void theYearZeroIsNotAFhirDate() {
        Patient patient = new Patient();
        patient.getBirthDateElement().setValueAsString("2020-01-01");
        patient.getBirthDateElement().setValueAsString("0000-01-01");

        assertThat(DatatypeRulesInterceptor.problemIn(patient, "Patient"))
                .startsWith("Patient.birthDate: '0000-01-01' is not a valid FHIR date");
    }

    @Test
    void aCanonicalWithSpacesIsRefusedNamingTheElement() {
        Patient patient = new Patient();
        patient.getMeta().addProfile("https://example.org/a profile");

        assertThat(DatatypeRulesInterceptor.problemIn(patient, "Patient"))
                .startsWith("Patient.meta.profile[0]: 'https://example.org/a profile' is not a valid FHIR canonical");
    }

    @Test
    void anExtensionNeedsItsUrl() {
        Patient patient = new Patient();
        patient.addName().addExtension(new Extension().setValue(new StringType("x")));

        assertThat(DatatypeRulesInterceptor.problemIn(patient, "Patient"))
                .isEqualTo("Patient.name[0].extension[0]: an extension must have a url");
    }

    @Test
    void aLoneSurrogateOrAControlCharacterIsNotText() {
        assertThat(DatatypeRulesInterceptor.problemIn(
                        new Patient().addName(new HumanName().setFamily("a\ud800")), "Patient"))
                .isEqualTo("Patient.name[0].family: the text holds a lone UTF-16 surrogate, which is not a character");
        assertThat(DatatypeRulesInterceptor.problemIn(
                        new Patient().addName(new HumanName().setFamily("a\u0000b")), "Patient"))
                .startsWith("Patient.name[0].family: the text holds a control character");
        assertThat(DatatypeRulesInterceptor.problemIn(
                        new Patient().addName(new HumanName().setFamily("Ørsted \uD83D\uDE00\tline\r\n")), "Patient"))
                .isNull();
    }

    @Test
    void narrativeWithActiveContentIsRefused() {
        assertThat(DatatypeRulesInterceptor.problemIn(narrated("<script>alert(1)</script>"), "Patient"))
                .isEqualTo("Patient.text.div: narrative may not contain <script> (active content is forbidden, txt-1)");
        assertThat(DatatypeRulesInterceptor.problemIn(narrated("<p onclick=\"alert(1)\">x</p>"), "Patient"))
                .startsWith("Patient.text.div: narrative may not carry the script attribute onclick");
        assertThat(DatatypeRulesInterceptor.problemIn(narrated("<a href=\"javascript:alert(1)\">x</a>"), "Patient"))
                .startsWith("Patient.text.div: narrative may not carry the script attribute href");
        assertThat(DatatypeRulesInterceptor.problemIn(
                        narrated("<p>Knee <b>pain</b> <a href=\"#x\">x</a></p>"), "Patient"))
                .isNull();
    }

    static Stream<Base> exampleResources() {
        return ExampleTrials.KEYS.stream()
                .flatMap(key -> ExampleTrials.bundle(key).getEntry().stream())
                .map(Bundle.BundleEntryComponent::getResource);
    }

    @ParameterizedTest
    @MethodSource("exampleResources")
    void everyResourceOfTheExampleTrialsPasses(Base resource) {
        assertThat(DatatypeRulesInterceptor.problemIn(resource, resource.fhirType()))
                .isNull();
    }

    @Test
    void onlyWhatClientsSendOverHttpIsChecked() {
        Patient patient = new Patient().setBirthDateElement(new DateType());
        patient.getBirthDateElement().setValueAsString("0000-01-01");

        assertThatThrownBy(() -> interceptor.created(patient, new ServletRequestDetails()))
                .isInstanceOf(InvalidRequestException.class);
        assertThatCode(() -> interceptor.created(patient, new SystemRequestDetails()))
                .doesNotThrowAnyException();
    }

    private static Patient narrated(String xhtml) {
        Patient patient = new Patient();
        XhtmlNode div = new XhtmlNode();
        div.setValueAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\">" + xhtml + "</div>");
        patient.setText(
                new Narrative().setStatus(Narrative.NarrativeStatus.GENERATED).setDiv(div));
        return patient;
    }
}
