package org.regenregistry.ehr.mapping;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.hl7.fhir.r4.model.ResearchSubject.ResearchSubjectStatus;
import org.hl7.fhir.r4.model.Resource;

/** The EHR fixtures under {@code mapping/} and the St. Olaf site and PRP knee trial they are mapped with. */
final class Fixtures {

    static final FhirContext FHIR = FhirContext.forR4Cached();
    static final String PATIENT_ID = "b3f4a2d6-0c1e-4d7a-9a55-6f1e2c3d4b5a";
    static final String EHR_BASE = "https://ehr.st-olaf.example/fhir/r4";
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-12T06:00:00Z"), ZoneOffset.UTC);

    static final TherapyProduct PRP = new TherapyProduct(
            "http://www.ama-assn.org/go/cpt",
            "0232T",
            "BiologicallyDerivedProduct/prp-knee-oa-product",
            "12130007",
            new BigDecimal("5"),
            "mL");

    private Fixtures() {}

    static SourceSite site() {
        return site("st-olaf-sync-key-0123456789abcdef");
    }

    static SourceSite site(String key) {
        return new SourceSite("st-olaf", key.getBytes(StandardCharsets.UTF_8), URI.create(EHR_BASE + "/"));
    }

    static Enrolment enrolment(TherapyProduct... products) {
        return new Enrolment(
                "ResearchStudy/prp-knee-oa",
                "LP-PRP",
                LocalDate.parse("2026-03-02"),
                ResearchSubjectStatus.ONSTUDYINTERVENTION,
                Arrays.asList(products));
    }

    static MappingContext context() {
        return new MappingContext(site(), enrolment(PRP));
    }

    /** The whole record of the subject: Patient, Condition, PRP injection, two Observations, two AdverseEvents. */
    static List<Resource> subjectRecord() {
        return new ArrayList<>(List.of(
                read("patient-synthea.json"),
                read("condition-knee-oa.json"),
                read("procedure-prp-injection.json"),
                read("observation-pain-severity.json"),
                read("observation-body-weight.json"),
                read("adverse-event-graded.json"),
                read("adverse-event-ungraded.json")));
    }

    static Resource read(String fixture) {
        return (Resource) FHIR.newJsonParser().parseResource(text(fixture));
    }

    static String text(String fixture) {
        try (InputStream json = Fixtures.class.getResourceAsStream("/mapping/" + fixture)) {
            if (json == null) {
                throw new IllegalArgumentException("No fixture " + fixture);
            }
            return new String(json.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
