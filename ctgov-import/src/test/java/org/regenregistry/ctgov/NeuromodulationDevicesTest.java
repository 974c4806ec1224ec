package org.regenregistry.ctgov;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DeviceDefinition;
import org.hl7.fhir.r4.model.Extension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.regenregistry.profiles.RegistryExtensions;

class NeuromodulationDevicesTest {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = '|',
            nullValues = "none",
            textBlock =
                    """
            scs  | Burst spinal cord stimulation (5 pulses at 500 Hz)         | scs  | true  | burst
            scs  | Closed-loop SCS with ECAP feedback                         | scs  | true  | closed-loop
            drg  | Dorsal root ganglion stimulation, tonic                    | drg  | true  | tonic
            tms  | Intermittent theta-burst stimulation (iTBS)                | rtms | false | theta-burst
            tms  | rTMS at 1 Hz over the right DLPFC                          | rtms | false | low-frequency-rtms
            tms  | Single-pulse transcranial magnetic stimulation             | tms  | false | none
            tdcs | Anodal tDCS of M1, 2 mA                                    | tdcs | false | anodal
            pns  | Implanted peripheral nerve stimulator, occipital nerve     | pns  | true  | none
            pns  | Transcutaneous auricular vagus nerve stimulation (taVNS)   | pns  | false | none
            """)
    void modalityImplantedAndParadigmComeFromTheWordsThatNameThem(
            String matched, String text, String modality, boolean implanted, String paradigm) {
        DeviceDefinition device = NeuromodulationDevices.define("d", new TestedDevice(text, matched, text))
                .orElseThrow();

        assertThat(device.getType().getCodingFirstRep().getCode()).isEqualTo(modality);
        Extension stimulation = device.getExtensionByUrl(RegistryExtensions.STIMULATION);
        assertThat(stimulation.getExtensionByUrl("implanted").getValue().primitiveValue())
                .isEqualTo(String.valueOf(implanted));
        List<String> paradigms = stimulation.getExtensionsByUrl("paradigm").stream()
                .map(part ->
                        ((CodeableConcept) part.getValue()).getCodingFirstRep().getCode())
                .toList();
        assertThat(paradigms).isEqualTo(paradigm == null ? List.of() : List.of(paradigm));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            Peripheral nerve stimulation of the genicular nerves
            Implanted lead with an external transmitter, percutaneous PNS
            """)
    void aPeripheralNerveStimulatorThatIsNotSaidToBeImplantedOrNotIsLeftOut(String text) {
        assertThat(NeuromodulationDevices.define("d", new TestedDevice(text, "pns", text)))
                .isEmpty();
    }
}
