package org.regenregistry.search.trial;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.junit.jupiter.api.Test;
import org.regenregistry.profiles.RegistryCodeSystems;

class TrialMapperTest {

    @Test
    void aPrpTrialBecomesADocumentWithItsFacets() {
        TrialDocument trial = TrialMapper.INSTANCE.toDocument(ExampleTrialRecords.record("prp-knee-oa", 3, 7));

        assertThat(trial.id()).isEqualTo("prp-knee-oa");
        assertThat(trial.version()).isEqualTo(3);
        assertThat(trial.revision()).isEqualTo(7);
        assertThat(trial.identifiers()).containsExactly("RR-2026-0001", "NCT09000001");
        assertThat(trial.status()).isEqualTo("active");
        assertThat(trial.recruitmentStatus()).isEqualTo("recruiting");
        assertThat(trial.phase()).isEqualTo("phase-2");
        assertThat(trial.therapyFamilies()).containsExactly("prp");
        assertThat(trial.conditions()).extracting(TrialDocument.Condition::code).containsExactly("239873007", "M17.11");
        assertThat(trial.conditionGroups()).containsExactly("osteoarthritis");
        assertThat(trial.product().leukocyteClasses()).containsExactly("leukocyte-poor");
        assertThat(trial.product().cellTypes()).isEmpty();
        assertThat(trial.product().integrating()).isNull();
        assertThat(trial.sites()).singleElement().satisfies(site -> {
            assertThat(site.city()).isEqualTo("Oslo");
            assertThat(site.country()).isEqualTo("NO");
            assertThat(site.position().lat()).isEqualTo(59.9496);
        });
        assertThat(trial.sponsor()).isEqualTo("Nordic Orthobiologics Consortium");
        assertThat(trial.eligibility())
                .isEqualTo(new TrialDocument.Eligibility(40, 75, java.util.List.of("female", "male")));
        assertThat(trial.startDate()).isEqualTo(LocalDate.of(2026, 2, 1));
        assertThat(trial.endDate()).isNull();
        assertThat(trial.targetEnrollment()).isEqualTo(120);
        assertThat(trial.actualEnrollment()).isEqualTo(47);
        assertThat(trial.subjects()).isEqualTo(2);
        assertThat(trial.adverseEvents()).isEqualTo(1);
        assertThat(trial.seriousAdverseEvents()).isZero();
        assertThat(trial.hasResults()).isTrue();
    }

    @Test
    void conditionsInDifferentCodeSystemsShareTheirGroup() {
        ConditionGroups groups = ConditionGroups.registry();

        assertThat(groups.groupsOf("http://snomed.info/sct", "26538006")).containsExactly("spinal-pain");
        assertThat(groups.groupsOf("http://hl7.org/fhir/sid/icd-10-cm", "M54.50"))
                .containsExactly("spinal-pain");
        assertThat(groups.groupsOf("http://hl7.org/fhir/sid/icd-10-cm", "Z99.9"))
                .isEmpty();
    }

    @Test
    void aSeriousAdverseEventIsCountedApart() {
        TrialDocument trial = TrialMapper.INSTANCE.toDocument(ExampleTrialRecords.record("msc-disc-degeneration", 1));

        assertThat(trial.adverseEvents()).isEqualTo(1);
        assertThat(trial.seriousAdverseEvents()).isEqualTo(1);
    }

    @Test
    void aGeneTherapyTrialCarriesItsVectorFacts() {
        TrialDocument trial = TrialMapper.INSTANCE.toDocument(ExampleTrialRecords.record("aav-neuropathic-pain", 1));

        assertThat(trial.product().vectorTypes()).containsExactly("aav");
        assertThat(trial.product().integrating()).isFalse();
        assertThat(trial.therapyFamilies()).containsExactly("gene-therapy");
    }

    @Test
    void anExosomeTrialCountsTheCellsItsVesiclesComeFrom() {
        TrialDocument trial = TrialMapper.INSTANCE.toDocument(ExampleTrialRecords.record("exosome-tendinopathy", 1));

        assertThat(trial.product().cellTypes()).containsExactly("mesenchymal-stromal");
        assertThat(trial.startDate()).isEqualTo(LocalDate.of(2026, 9, 1));
    }

    @Test
    void aCellTherapyTrialCarriesItsCellFacts() {
        TrialDocument trial = TrialMapper.INSTANCE.toDocument(ExampleTrialRecords.record("msc-disc-degeneration", 1));

        assertThat(trial.product().cellTypes()).containsExactly("mesenchymal-stromal");
        assertThat(trial.product().tissueSources()).containsExactly("bone-marrow");
        assertThat(trial.product().donorRelationships()).containsExactly("allogeneic");
        assertThat(trial.eligibility().minAge()).isEqualTo(18);
    }

    @Test
    void aNeuromodulationTrialCarriesItsDeviceFacts() {
        TrialDocument trial = TrialMapper.INSTANCE.toDocument(ExampleTrialRecords.record("scs-diabetic-neuropathy", 1));

        assertThat(trial.device().modalities()).containsExactly("scs");
        assertThat(trial.device().paradigms()).containsExactly("high-frequency-10khz");
        assertThat(trial.device().implanted()).isTrue();
        assertThat(trial.therapySubtypes()).containsExactly("scs");
        assertThat(trial.sites()).extracting(TrialDocument.Site::recruitment).containsExactly("recruiting");
        assertThat(trial.sites()).allMatch(TrialDocument.Site::open);
    }

    @Test
    void aTrialWithoutADeviceHasNoDeviceFacts() {
        TrialDocument trial =
                TrialMapper.INSTANCE.toDocument(ExampleTrialRecords.record("mindfulness-low-back-pain", 1));

        assertThat(trial.device().modalities()).isEmpty();
        assertThat(trial.device().implanted()).isNull();
        assertThat(trial.therapyFamilies()).containsExactly("integrative");
        assertThat(trial.therapySubtypes()).containsExactly("mind-body");
    }

    @Test
    void aTrialWithoutKeywordsIdentifiersOrConditionsStillBecomesADocument() {
        TrialRecord full = ExampleTrialRecords.record("prp-knee-oa", 2);
        full.study().setKeyword(null).setIdentifier(null).setCondition(null);

        TrialDocument trial = TrialMapper.INSTANCE.toDocument(full);

        assertThat(trial.keywords()).isEmpty();
        assertThat(trial.identifiers()).isEmpty();
        assertThat(trial.conditions()).isEmpty();
        assertThat(trial.conditionGroups()).isEmpty();
        assertThat(trial.therapyFamilies()).containsExactly("prp");
    }

    @Test
    void subtypesAreTheKeywordsCodedInTheTherapySubtypeSystem() {
        TrialRecord record = ExampleTrialRecords.record("prp-knee-oa", 2);
        record.study().addKeyword(new CodeableConcept(new Coding(RegistryCodeSystems.THERAPY_SUBTYPE, "scs", null)));
        record.study().addKeyword(new CodeableConcept(new Coding(RegistryCodeSystems.THERAPY_SUBTYPE, "tens", null)));
        record.study().addKeyword(new CodeableConcept(new Coding("https://www.nlm.nih.gov/mesh", "D062225", null)));

        TrialDocument trial = TrialMapper.INSTANCE.toDocument(record);

        assertThat(trial.therapySubtypes()).containsExactly("scs", "tens");
        assertThat(trial.keywords())
                .containsExactly("platelet-rich plasma", "knee osteoarthritis", "intra-articular injection");
    }
}
