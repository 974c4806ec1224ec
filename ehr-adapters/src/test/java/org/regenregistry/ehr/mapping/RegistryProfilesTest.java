package org.regenregistry.ehr.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ResearchSubject;
import org.hl7.fhir.r4.model.ResearchSubject.ResearchSubjectStatus;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.regenregistry.profiles.RegistryValidation;

/** The mapped resources are valid registry resources: what the registry server's validation would accept. */
class RegistryProfilesTest {

    private static FhirValidator validator;

    @BeforeAll
    static void loadValidator() {
        validator = RegistryValidation.validator(Fixtures.FHIR);
    }

    @Test
    void everyMappedResourceValidatesAgainstItsRegistryProfileOrR4WithoutErrors() {
        List<Resource> record = Fixtures.subjectRecord();
        record.add(functionScore());
        record.add(ehrResearchSubject());
        Enrolment recordedInEhr = new Enrolment(
                "ResearchStudy/prp-knee-oa",
                "LP-PRP",
                LocalDate.parse("2026-03-02"),
                ResearchSubjectStatus.ONSTUDYINTERVENTION,
                List.of(Fixtures.PRP),
                "epic-prp-knee");
        List<Resource> fromEnrolment =
                resources(new SubjectMapper(Fixtures.CLOCK).map(Fixtures.context(), Fixtures.subjectRecord()));
        List<Resource> fromEhr = resources(
                new SubjectMapper(Fixtures.CLOCK).map(new MappingContext(Fixtures.site(), recordedInEhr), record));

        List<Resource> all =
                Stream.concat(fromEnrolment.stream(), fromEhr.stream()).toList();
        assertThat(all)
                .flatExtracting(resource -> resource.getMeta().getProfile())
                .extracting(profile ->
                        profile.getValue().replace("https://regen-registry.org/fhir/StructureDefinition/", ""))
                .contains(
                        "rr-subject",
                        "rr-therapy-administration",
                        "rr-pain-score",
                        "rr-function-score",
                        "rr-adverse-event");
        for (Resource resource : all) {
            assertThat(errors(resource))
                    .as("%s from %s", resource.fhirType(), resource.getMeta().getSource())
                    .isEmpty();
        }
    }

    private static List<String> errors(Resource resource) {
        return validator.validateWithResult(resource).getMessages().stream()
                .filter(message -> message.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
                .map(SingleValidationMessage::toString)
                .toList();
    }

    private static List<Resource> resources(SubjectMapping mapping) {
        return mapping.mapped().stream()
                .flatMap(source -> source.entries().stream())
                .map(BundleEntryComponent::getResource)
                .toList();
    }

    /** A KOOS pain subscale score as an EHR questionnaire module records it. */
    private static Observation functionScore() {
        Observation koos = (Observation) Fixtures.read("observation-pain-severity.json");
        koos.setId("koos-1");
        koos.setCode(new CodeableConcept(new Coding("http://loinc.org", "72102-7", "Pain score [KOOS]")));
        koos.setEffective(new DateTimeType("2026-06-09"));
        koos.setValue(new IntegerType(58));
        return koos;
    }

    private static ResearchSubject ehrResearchSubject() {
        ResearchSubject ehr = new ResearchSubject()
                .setStatus(ResearchSubjectStatus.ONSTUDY)
                .setStudy(new Reference("ResearchStudy/epic-prp-knee"))
                .setIndividual(new Reference("Patient/" + Fixtures.PATIENT_ID));
        ehr.setId("rs-1");
        return ehr;
    }
}
