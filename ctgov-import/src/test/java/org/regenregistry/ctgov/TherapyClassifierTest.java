package org.regenregistry.ctgov;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class TherapyClassifierTest {

    private final TherapyClassifier classifier = new TherapyClassifier();

    @Test
    void theTestedInterventionGivesTheFamilyAndSubtypeNotItsComparator() {
        Classification classification = classifier.classify(study(
                "PRP for knee osteoarthritis",
                arm("PRP", "EXPERIMENTAL"),
                arm("Saline", "PLACEBO_COMPARATOR"),
                intervention("BIOLOGICAL", "Leukocyte-poor platelet-rich plasma", "", "PRP"),
                intervention("OTHER", "Normal saline", "", "Saline")));

        assertThat(classification.families()).containsExactly("prp");
        assertThat(classification.subtypes()).containsExactly("platelet-rich-plasma");
        assertThat(classification.evidence())
                .containsExactly("BIOLOGICAL: Leukocyte-poor platelet-rich plasma -> prp/platelet-rich-plasma");
        assertThat(classification.classified()).isTrue();
    }

    @Test
    void backgroundTherapyEveryArmGetsIsNotWhatIsTested() {
        Classification classification = classifier.classify(study(
                "PRP with exercise",
                arm("PRP and exercise", "EXPERIMENTAL"),
                arm("Exercise alone", "ACTIVE_COMPARATOR"),
                intervention("BIOLOGICAL", "PRP injection", "", "PRP and exercise"),
                intervention("OTHER", "Home exercise programme", "", "PRP and exercise", "Exercise alone")));

        assertThat(classification.families()).containsExactly("prp");
    }

    @Test
    void anExperimentalArmCombiningTwoFamiliesHasBoth() {
        Classification classification = classifier.classify(study(
                "Cells and PRP",
                arm("Combined", "EXPERIMENTAL"),
                arm("Hyaluronic acid", "ACTIVE_COMPARATOR"),
                intervention("BIOLOGICAL", "Bone marrow aspirate concentrate", "", "Combined"),
                intervention("BIOLOGICAL", "Platelet-rich plasma", "", "Combined"),
                intervention("DRUG", "Hyaluronic acid", "", "Hyaluronic acid")));

        assertThat(classification.families()).containsExactly("stem-cell", "prp");
        assertThat(classification.subtypes()).containsExactly("bmac", "platelet-rich-plasma");
    }

    @Test
    void devicesAndBehaviouralMethodsHaveTheirSubtypes() {
        assertThat(classifier
                        .classify(study(
                                "SCS",
                                arm("SCS", "EXPERIMENTAL"),
                                intervention("DEVICE", "Spinal cord stimulation at 10 kHz", "", "SCS")))
                        .subtypes())
                .containsExactly("scs");
        assertThat(classifier
                        .classify(study(
                                "Mindfulness",
                                arm("MBSR", "EXPERIMENTAL"),
                                intervention("BEHAVIORAL", "Mindfulness-based stress reduction", "", "MBSR")))
                        .families())
                .containsExactly("integrative");
        assertThat(classifier
                        .classify(study(
                                "Supplement",
                                arm("Curcuma", "EXPERIMENTAL"),
                                intervention("DIETARY_SUPPLEMENT", "Boswellia extract", "", "Curcuma")))
                        .subtypes())
                .containsExactly("nutrition");
    }

    @Test
    void electroacupunctureIsAcupunctureNotElectricalStimulation() {
        Classification classification = classifier.classify(study(
                "Electroacupuncture",
                arm("EA", "EXPERIMENTAL"),
                intervention("DEVICE", "Electroacupuncture", "Electrical stimulation of acupoints at 2 Hz", "EA")));

        assertThat(classification.families()).containsExactly("integrative");
        assertThat(classification.subtypes()).containsExactly("acupuncture");
    }

    @Test
    void aCodeNamedProductIsReadByItsDescription() {
        Classification classification = classifier.classify(study(
                "Disc degeneration",
                arm("Rexlemestrocel-L", "EXPERIMENTAL"),
                arm("Saline", "PLACEBO_COMPARATOR"),
                intervention(
                        "BIOLOGICAL",
                        "Rexlemestrocel-L",
                        "Allogeneic mesenchymal precursor cells injected into the disc",
                        "Rexlemestrocel-L"),
                intervention("OTHER", "Saline", "", "Saline")));

        assertThat(classification.families()).containsExactly("stem-cell");
    }

    @Test
    void untypedArmsCountEveryInterventionButComparators() {
        Classification classification = classifier.classify(study(
                "rTMS cohort",
                arm("Cohort", ""),
                intervention("DEVICE", "rTMS of the motor cortex", "", "Cohort"),
                intervention("DEVICE", "Sham rTMS", "", "Cohort")));

        assertThat(classification.families()).containsExactly("neuromodulation");
        assertThat(classification.subtypes()).containsExactly("tms");
    }

    @Test
    void aDrugIsOther() {
        Classification classification = classifier.classify(study(
                "Duloxetine for low back pain",
                arm("Duloxetine", "EXPERIMENTAL"),
                intervention("DRUG", "Duloxetine", "60 mg daily", "Duloxetine")));

        assertThat(classification.families()).containsExactly("other");
        assertThat(classification.evidence()).containsExactly("DRUG: Duloxetine -> other");
    }

    @Test
    void whatCannotBeToldIsUnclassifiedWithTheReason() {
        Classification noIntervention = classifier.classify(study("Registry of back pain", arm("Cohort", "")));
        Classification onlyComparators = classifier.classify(study(
                "Placebo run-in",
                arm("Placebo", "PLACEBO_COMPARATOR"),
                intervention("OTHER", "Placebo", "", "Placebo")));
        Classification contradicted = classifier.classify(study(
                "Stem cells for disc degeneration",
                arm("XYZ-101", "EXPERIMENTAL"),
                intervention("BIOLOGICAL", "XYZ-101", "", "XYZ-101")));

        assertThat(List.of(noIntervention, onlyComparators, contradicted)).allSatisfy(classification -> {
            assertThat(classification.families()).containsExactly(Classification.UNCLASSIFIED);
            assertThat(classification.classified()).isFalse();
        });
        assertThat(noIntervention.unclassifiedReason()).isEqualTo("the record names no intervention");
        assertThat(onlyComparators.unclassifiedReason())
                .isEqualTo("every intervention is a placebo, sham or usual-care comparator");
        assertThat(contradicted.unclassifiedReason())
                .isEqualTo("no tested intervention matches a family, but the title names stem-cell");
    }

    private static ObjectNode study(String title, Object... parts) {
        ObjectNode study = Fixtures.JSON.createObjectNode();
        ObjectNode protocol = study.putObject("protocolSection");
        protocol.putObject("identificationModule").put("nctId", "NCT09999999").put("briefTitle", title);
        ObjectNode module = protocol.putObject("armsInterventionsModule");
        ArrayNode arms = module.putArray("armGroups");
        ArrayNode interventions = module.putArray("interventions");
        for (Object part : parts) {
            if (part instanceof Arm arm) {
                ObjectNode node = arms.addObject().put("label", arm.label());
                if (!arm.type().isEmpty()) {
                    node.put("type", arm.type());
                }
            } else if (part instanceof ObjectNode intervention) {
                interventions.add(intervention);
            }
        }
        if (interventions.isEmpty()) {
            module.remove("interventions");
        }
        return study;
    }

    private record Arm(String label, String type) {}

    private static Arm arm(String label, String type) {
        return new Arm(label, type);
    }

    private static ObjectNode intervention(String type, String name, String description, String... arms) {
        ObjectNode intervention = Fixtures.JSON
                .createObjectNode()
                .put("type", type)
                .put("name", name)
                .put("description", description);
        ArrayNode labels = intervention.putArray("armGroupLabels");
        for (String arm : arms) {
            labels.add(arm);
        }
        return intervention;
    }
}
