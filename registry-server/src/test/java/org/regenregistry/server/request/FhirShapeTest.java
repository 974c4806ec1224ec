package org.regenregistry.server.request;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link FhirJsonShape} and {@link FhirXmlShape}: the format rules HAPI's parser does not check. */
class FhirShapeTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();

    @Test
    void aRepeatingElementIsAJsonArrayEvenWithOneValue() {
        assertThat(json("{\"resourceType\":\"Organization\",\"alias\":\"x\"}"))
                .startsWith("Organization.alias repeats, so it is a JSON array");
        assertThat(json("{\"resourceType\":\"Patient\",\"name\":[{\"given\":\"Ada\"}]}"))
                .startsWith("Patient.name[0].given repeats");
        assertThat(json("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[{\"resource\":"
                        + "{\"resourceType\":\"Patient\",\"identifier\":{\"value\":\"1\"}}}]}"))
                .startsWith("Bundle.entry[0].resource.Patient.identifier repeats");
        assertThat(json("{\"resourceType\":\"Patient\",\"_active\":{\"extension\":{\"url\":\"x\"}}}"))
                .isNull();
        assertThat(json("{\"resourceType\":\"Patient\",\"name\":[{\"given\":[\"Ada\"]}],\"active\":true}"))
                .isNull();
    }

    @Test
    void valuesCountsEveryObjectArrayItemAndPrimitive() {
        assertThat(FhirJsonShape.values(
                        FhirJsonShape.read("{\"a\":[1,2],\"b\":{\"c\":\"d\"}}".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(6);
    }

    @Test
    void fhirXmlIsInTheFhirNamespaceAndCarriesNoTextContent() {
        assertThat(xml("<Patient xmlns=\"http://example.com/x\"><active value=\"true\"/></Patient>", 100))
                .startsWith("<Patient> is not in the FHIR namespace");
        assertThat(xml("<Patient xmlns=\"http://hl7.org/fhir\"><active>true</active></Patient>", 100))
                .startsWith("<active> has text content");
        assertThat(xml(
                        "<Patient xmlns=\"http://hl7.org/fhir\"><text><status value=\"generated\"/><div xmlns="
                                + "\"http://www.w3.org/1999/xhtml\"><p>text <b>here</b></p></div></text>"
                                + "<active value=\"true\"/></Patient>",
                        100))
                .isNull();
        assertThat(xml("<Patient xmlns=\"http://hl7.org/fhir\"><active value=\"true\"/></Patient>", 1))
                .isEqualTo(FhirXmlShape.TOO_MANY);
    }

    private static String json(String body) {
        return FhirJsonShape.problemIn(FHIR, FhirJsonShape.read(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static String xml(String body, long maxElements) {
        return FhirXmlShape.problemIn(body.getBytes(StandardCharsets.UTF_8), maxElements);
    }
}
