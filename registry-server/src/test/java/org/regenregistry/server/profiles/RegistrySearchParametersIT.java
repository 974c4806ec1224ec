package org.regenregistry.server.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.regenregistry.server.support.ExampleTrials;
import org.regenregistry.server.support.RegistryClientSupport;

/**
 * Every SearchParameter of the registry package answers on a freshly started server, without a manual reindex, and
 * finds what it should among the example trials and nothing else. Only the examples' resources are compared
 * (trial queries add {@code _id}, the others keep the ids that start with a trial's key), because other tests add
 * their own data to the shared database.
 */
class RegistrySearchParametersIT extends RegistryClientSupport {

    private static final String TRIALS = String.join(",", ExampleTrials.KEYS);

    @BeforeEach
    void loadExamples() {
        ExampleTrials.ensureLoaded(client);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiterString = " => ",
            quoteCharacter = '"',
            textBlock =
                    """
            ResearchStudy?condition=http://snomed.info/sct|239873007&therapy-family=prp&phase=phase-2 => prp-knee-oa
            ResearchStudy?condition=http://hl7.org/fhir/sid/icd-10-cm|E11.42 => aav-neuropathic-pain scs-diabetic-neuropathy
            ResearchStudy?phase=phase-1 => exosome-tendinopathy aav-neuropathic-pain
            ResearchStudy?therapy-family=https://regen-registry.org/fhir/CodeSystem/therapy-family|stem-cell => msc-disc-degeneration
            ResearchStudy?recruitment-status=recruiting => prp-knee-oa msc-disc-degeneration scs-diabetic-neuropathy mindfulness-low-back-pain
            ResearchStudy?enrollment=Group/exosome-tendinopathy-eligibility => exosome-tendinopathy
            ResearchStudy?enrollment.eligible-min-age=le20 => msc-disc-degeneration exosome-tendinopathy scs-diabetic-neuropathy mindfulness-low-back-pain
            ResearchStudy?enrollment.eligible-max-age=ge75 => prp-knee-oa aav-neuropathic-pain scs-diabetic-neuropathy mindfulness-low-back-pain
            ResearchStudy?enrollment.eligible-sex=female => prp-knee-oa msc-disc-degeneration exosome-tendinopathy aav-neuropathic-pain scs-diabetic-neuropathy mindfulness-low-back-pain
            ResearchStudy?enrollment.eligible-sex=other => ""
            ResearchStudy?product=BiologicallyDerivedProduct/prp-knee-oa-product => prp-knee-oa
            ResearchStudy?product.tissue-source=bone-marrow => msc-disc-degeneration
            ResearchStudy?product.cell-type=mesenchymal-stromal => msc-disc-degeneration exosome-tendinopathy
            ResearchStudy?product.donor-relationship=allogeneic => msc-disc-degeneration
            ResearchStudy?product.leukocyte-class=leukocyte-poor => prp-knee-oa
            ResearchStudy?product.vector-type=aav => aav-neuropathic-pain
            ResearchStudy?product.integrating=false => aav-neuropathic-pain
            ResearchStudy?product.therapy-family=exosome => exosome-tendinopathy
            ResearchStudy?product:DeviceDefinition.modality=scs => scs-diabetic-neuropathy
            ResearchStudy?product:DeviceDefinition.implanted=true => scs-diabetic-neuropathy
            ResearchStudy?product:DeviceDefinition.paradigm=burst => ""
            ResearchStudy?therapy-family=integrative => mindfulness-low-back-pain
            ResearchStudy?arm-therapy=mind-body => mindfulness-low-back-pain
            ResearchStudy?arm-therapy=scs => scs-diabetic-neuropathy
            """)
    void trialSearchFindsExactlyTheMatchingExamples(String query, String expected) {
        assertThat(ids(query + "&_id=" + TRIALS)).containsExactlyInAnyOrderElementsOf(split(expected));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiterString = " => ",
            quoteCharacter = '"',
            textBlock =
                    """
            ResearchSubject?arm=LP-PRP => prp-knee-oa-subject-1
            ResearchSubject?arm=Sham => msc-disc-degeneration-subject-2
            AdverseEvent?grade=C41340 => msc-disc-degeneration-adverse-event-1
            AdverseEvent?seriousness-criterion=C83052 => msc-disc-degeneration-adverse-event-1
            AdverseEvent?causality=C53260 => exosome-tendinopathy-adverse-event-1
            AdverseEvent?suspect=Procedure/aav-neuropathic-pain-administration-1 => aav-neuropathic-pain-adverse-event-1
            Observation?trial=ResearchStudy/exosome-tendinopathy => exosome-tendinopathy-pain-1-2026-09-14 exosome-tendinopathy-pain-1-2026-11-02 exosome-tendinopathy-function-1
            Procedure?trial=ResearchStudy/msc-disc-degeneration => msc-disc-degeneration-administration-1
            Procedure?product=BiologicallyDerivedProduct/aav-neuropathic-pain-product => aav-neuropathic-pain-administration-1
            CarePlan?trial=ResearchStudy/aav-neuropathic-pain => aav-neuropathic-pain-follow-up-1
            Group?eligible-min-age=ge40 => prp-knee-oa-eligibility
            Group?eligible-max-age=lt66 => msc-disc-degeneration-eligibility
            Group?eligible-sex=male => prp-knee-oa-eligibility msc-disc-degeneration-eligibility exosome-tendinopathy-eligibility aav-neuropathic-pain-eligibility scs-diabetic-neuropathy-eligibility mindfulness-low-back-pain-eligibility
            BiologicallyDerivedProduct?therapy-family=gene-therapy => aav-neuropathic-pain-product
            BiologicallyDerivedProduct?tissue-source=bone-marrow&donor-relationship=allogeneic => msc-disc-degeneration-product
            BiologicallyDerivedProduct?cell-type=mesenchymal-stromal => msc-disc-degeneration-product exosome-tendinopathy-product
            BiologicallyDerivedProduct?leukocyte-class=leukocyte-rich => ""
            BiologicallyDerivedProduct?vector-type=aav&integrating=false => aav-neuropathic-pain-product
            DeviceDefinition?modality=scs&implanted=true&paradigm=high-frequency-10khz => scs-diabetic-neuropathy-device
            DeviceDefinition?modality=tms => ""
            Procedure?device=DeviceDefinition/scs-diabetic-neuropathy-device => scs-diabetic-neuropathy-implant-procedure-1
            Procedure?trial=ResearchStudy/scs-diabetic-neuropathy => scs-diabetic-neuropathy-implant-procedure-1
            """)
    void searchOnTheOtherRegistryTypesFindsExactlyTheMatchingExamples(String query, String expected) {
        List<String> examplesFound = ids(query).stream()
                .filter(id -> ExampleTrials.KEYS.stream().anyMatch(trial -> id.startsWith(trial + "-")))
                .toList();

        assertThat(examplesFound).containsExactlyInAnyOrderElementsOf(split(expected));
    }

    private List<String> ids(String query) {
        Bundle bundle = client.search()
                .byUrl(query)
                .count(100)
                .returnBundle(Bundle.class)
                .execute();
        return bundle.getEntry().stream()
                .map(entry -> entry.getResource().getIdElement().getIdPart())
                .toList();
    }

    private static List<String> split(String expected) {
        return expected == null || expected.isBlank()
                ? List.of()
                : Arrays.asList(expected.trim().split(" "));
    }
}
