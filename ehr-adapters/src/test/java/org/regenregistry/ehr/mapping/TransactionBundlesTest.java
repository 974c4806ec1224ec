package org.regenregistry.ehr.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.r4.model.AdverseEvent;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.BundleType;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ResearchSubject;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

class TransactionBundlesTest {

    private final SubjectMapper mapper = new SubjectMapper(Fixtures.CLOCK);

    @Test
    void patientsComeFirstAndReferencesWithinTheBundleUseTheEntriesFullUrls() {
        List<MappedSource> mapped =
                mapper.map(Fixtures.context(), Fixtures.subjectRecord()).mapped();
        List<MappedSource> patientLast = new ArrayList<>(mapped.subList(1, mapped.size()));
        patientLast.add(mapped.get(0));

        List<Bundle> bundles = new TransactionBundles().build(patientLast);

        assertThat(bundles).hasSize(1);
        Bundle bundle = bundles.get(0);
        assertThat(bundle.getType()).isEqualTo(BundleType.TRANSACTION);
        assertThat(bundle.getEntry())
                .extracting(entry -> entry.getResource().fhirType())
                .containsExactly(
                        "Patient",
                        "ResearchSubject",
                        "Provenance",
                        "Condition",
                        "Provenance",
                        "Procedure",
                        "Provenance",
                        "Observation",
                        "Provenance",
                        "AdverseEvent",
                        "Provenance");
        assertThat(bundle.getEntry()).allMatch(entry -> entry.getFullUrl().matches("urn:uuid:[0-9a-f-]{36}"));
        String patient = bundle.getEntry().get(0).getFullUrl();
        assertThat(((ResearchSubject) bundle.getEntry().get(1).getResource())
                        .getIndividual()
                        .getReference())
                .isEqualTo(patient);
        assertThat(((Condition) bundle.getEntry().get(3).getResource())
                        .getSubject()
                        .getReference())
                .isEqualTo(patient);
        assertThat(((AdverseEvent) bundle.getEntry().get(9).getResource())
                        .getSuspectEntityFirstRep()
                        .getInstance()
                        .getReference())
                .isEqualTo(bundle.getEntry().get(5).getFullUrl());
        assertThat(((ResearchSubject) bundle.getEntry().get(1).getResource())
                        .getStudy()
                        .getReference())
                .isEqualTo("ResearchStudy/prp-knee-oa");
    }

    @Test
    void aBatchIsSplitIntoBundlesOfAtMost50ObservationsAnd200EntriesKeepingEachProvenanceWithItsTargets() {
        List<MappedSource> mapped =
                mapper.map(Fixtures.context(), subjectWithPainScores(120)).mapped();

        List<Bundle> bundles = new TransactionBundles().build(mapped);

        assertThat(bundles).hasSize(3);
        assertThat(bundles).allSatisfy(bundle -> {
            assertThat(bundle.getEntry()).hasSizeLessThanOrEqualTo(200);
            assertThat(count(bundle, "Observation")).isLessThanOrEqualTo(50);
            assertProvenancesTargetTheirBundle(bundle);
        });
        assertThat(bundles).extracting(bundle -> count(bundle, "Observation")).containsExactly(50L, 50L, 20L);
        Observation later = (Observation) bundles.get(2).getEntry().get(0).getResource();
        assertThat(later.getSubject().getReference()).startsWith("Patient?identifier=");
    }

    @Test
    void theEntryBoundIsConfigurable() {
        List<MappedSource> mapped =
                mapper.map(Fixtures.context(), subjectWithPainScores(20)).mapped();

        List<Bundle> bundles = new TransactionBundles(10, 50).build(mapped);

        assertThat(bundles).allSatisfy(bundle -> {
            assertThat(bundle.getEntry()).hasSizeLessThanOrEqualTo(10);
            assertProvenancesTargetTheirBundle(bundle);
        });
        assertThat(bundles.stream()
                        .mapToLong(bundle -> count(bundle, "Observation"))
                        .sum())
                .isEqualTo(20);
        assertThatIllegalArgumentException().isThrownBy(() -> new TransactionBundles(0, 50));
    }

    @Test
    void theSameRegistryResourceTwiceInABatchGoesIntoSeparateBundlesInOrder() {
        List<MappedSource> polled =
                mapper.map(Fixtures.context(), Fixtures.subjectRecord()).mapped();
        List<MappedSource> exported =
                mapper.map(Fixtures.context(), Fixtures.subjectRecord()).mapped();
        List<MappedSource> batch = new ArrayList<>(polled);
        batch.addAll(exported);

        List<Bundle> bundles = new TransactionBundles().build(batch);

        assertThat(bundles).hasSizeGreaterThan(1);
        for (Bundle bundle : bundles) {
            Set<String> fullUrls = new HashSet<>();
            assertThat(bundle.getEntry()).allMatch(entry -> fullUrls.add(entry.getFullUrl()));
        }
        assertThat(bundles.stream().mapToInt(bundle -> bundle.getEntry().size()).sum())
                .isEqualTo(22);
    }

    @Test
    void buildingLeavesTheMappedSourcesAsTheyWere() {
        List<MappedSource> mapped =
                mapper.map(Fixtures.context(), Fixtures.subjectRecord()).mapped();

        Bundle first = new TransactionBundles().build(mapped).get(0);
        Bundle second = new TransactionBundles().build(mapped).get(0);

        assertThat(((Condition) mapped.get(1).primary().getResource())
                        .getSubject()
                        .getReference())
                .startsWith("Patient?identifier=");
        assertThat(Fixtures.FHIR.newJsonParser().encodeResourceToString(second))
                .isEqualTo(Fixtures.FHIR.newJsonParser().encodeResourceToString(first));
    }

    private static List<Resource> subjectWithPainScores(int scores) {
        List<Resource> record = new ArrayList<>();
        record.add(Fixtures.read("patient-synthea.json"));
        for (int i = 0; i < scores; i++) {
            Observation score = (Observation) Fixtures.read("observation-pain-severity.json");
            score.setId("pain-" + i);
            score.setEffective(new DateTimeType("2026-03-02T09:10:00+01:00"));
            record.add(score);
        }
        return record;
    }

    private static long count(Bundle bundle, String type) {
        return bundle.getEntry().stream()
                .filter(entry -> entry.getResource().fhirType().equals(type))
                .count();
    }

    private static void assertProvenancesTargetTheirBundle(Bundle bundle) {
        Set<String> fullUrls = new HashSet<>();
        bundle.getEntry().forEach(entry -> fullUrls.add(entry.getFullUrl()));
        for (BundleEntryComponent entry : bundle.getEntry()) {
            if (entry.getResource() instanceof Provenance provenance) {
                assertThat(provenance.getTarget())
                        .extracting(Reference::getReference)
                        .allMatch(fullUrls::contains);
            }
        }
    }
}
