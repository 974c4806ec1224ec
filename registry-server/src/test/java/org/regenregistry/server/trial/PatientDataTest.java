package org.regenregistry.server.trial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.regenregistry.search.match.PatientFacts;

class PatientDataTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 4);

    @Test
    void aBundleGivesAgeSexPlaceAndTheCurrentConditions() {
        String bundle =
                """
                {"resourceType": "Bundle", "type": "collection", "entry": [
                  {"resource": {"resourceType": "Patient", "gender": "male", "birthDate": "1970-12-05",
                    "address": [{"city": "Oslo", "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/geolocation",
                      "extension": [{"url": "latitude", "valueDecimal": 59.91}, {"url": "longitude", "valueDecimal": 10.75}]}]}]}},
                  {"resource": {"resourceType": "Condition",
                    "code": {"coding": [{"system": "http://snomed.info/sct", "code": "239873007"}]}}},
                  {"resource": {"resourceType": "Condition",
                    "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "resolved"}]},
                    "code": {"coding": [{"system": "http://snomed.info/sct", "code": "202855006"}]}}},
                  {"resource": {"resourceType": "Observation", "status": "final",
                    "code": {"coding": [{"system": "http://loinc.org", "code": "72514-3"}]}, "valueInteger": 7}}]}
                """;

        PatientFacts facts = PatientData.read(FHIR, bundle, TODAY);

        assertThat(facts.age()).isEqualByComparingTo("55");
        assertThat(facts.sex()).isEqualTo("male");
        assertThat(facts.conditions()).extracting(PatientFacts.Code::code).containsExactly("239873007");
        assertThat(facts.near().lat()).isEqualTo(59.91);
        assertThat(facts.near().km()).isEqualTo(100);
    }

    @Test
    void parametersTakeARadiusInMiles() {
        String parameters =
                """
                {"resourceType": "Parameters", "parameter": [
                  {"name": "therapyFamily", "valueCode": "neuromodulation"},
                  {"name": "location", "valueString": "52.52, 13.40"},
                  {"name": "radius", "valueQuantity": {"value": 10, "system": "http://unitsofmeasure.org", "code": "[mi_i]"}}]}
                """;

        PatientFacts facts = PatientData.read(FHIR, parameters, TODAY);

        assertThat(facts.therapyFamilies()).containsExactly("neuromodulation");
        assertThat(facts.near().km()).isEqualTo(16.09344);
        assertThat(facts.age()).isNull();
    }

    @Test
    void whatCannotBeReadIsRefusedWithTheReason() {
        assertThatThrownBy(() -> PatientData.read(FHIR, "{\"resourceType\": \"Patient\"}", TODAY))
                .hasMessage("The body is a Patient; a match takes a Bundle or Parameters");
        assertThatThrownBy(() -> PatientData.read(
                        FHIR,
                        "{\"resourceType\": \"Parameters\", \"parameter\": [{\"name\": \"weight\", \"valueInteger\": 80}]}",
                        TODAY))
                .hasMessageStartingWith("Unknown parameter 'weight'");
        assertThatThrownBy(() -> PatientData.read(
                        FHIR,
                        "{\"resourceType\": \"Parameters\", \"parameter\": [{\"name\": \"therapyFamily\", \"valueCode\":"
                                + " \"prp\"}, {\"name\": \"location\", \"valueString\": \"north\"}]}",
                        TODAY))
                .hasMessage("location must be 'latitude,longitude', was 'north'");
        assertThatThrownBy(() -> PatientData.read(FHIR, "{\"age\": 50}", TODAY))
                .hasMessageStartingWith("The body is not a FHIR JSON Bundle or Parameters");
    }
}
