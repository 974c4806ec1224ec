package org.regenregistry.ctgov;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DeviceDefinition;
import org.hl7.fhir.r4.model.Extension;
import org.regenregistry.profiles.RegistryCodeSystems;
import org.regenregistry.profiles.RegistryExtensions;
import org.regenregistry.profiles.RegistryProfiles;

/**
 * A tested neuromodulation device as the registry's device profile: modality, implanted or not, paradigm. A record
 * names a device in free text, so what is not written is not assumed: spinal cord, dorsal root ganglion and deep
 * brain stimulators are implanted and transcranial or transcutaneous ones are not, by what they are; a peripheral
 * nerve stimulator is either, and is only recorded when the text says which. Paradigms come from the words that name
 * them (10 kHz, burst, closed-loop; the rTMS frequency; anodal or cathodal tDCS).
 */
final class NeuromodulationDevices {

    private static final Set<String> IMPLANTED = Set.of("scs", "drg", "dbs");
    private static final Set<String> NON_INVASIVE = Set.of("tms", "rtms", "tdcs", "tens");
    private static final Pattern SAYS_IMPLANTED = pattern("implant|permanent (lead|electrode|stimulator)");
    private static final Pattern SAYS_NOT_IMPLANTED = pattern(
            "transcutaneous|non-?invasive|external|surface electrode|\\bt?a?VNS\\b|auricular|percutaneous electrolysis");
    private static final Pattern REPETITIVE = pattern("\\brTMS\\b|repetitive|theta[- ]burst|\\b[ic]TBS\\b");
    private static final Pattern THETA_BURST = pattern("theta[- ]burst|\\b[ic]TBS\\b");
    private static final Pattern HIGH_FREQUENCY_RTMS = pattern("\\b([5-9]|[1-9]\\d)\\s?Hz");
    private static final Pattern LOW_FREQUENCY_RTMS = pattern("\\b(0\\.\\d+|1)\\s?Hz");

    /** Paradigms of implanted stimulators, by the words that name them. */
    private static final Map<String, Pattern> IMPLANT_PARADIGMS = Map.of(
            "high-frequency-10khz", pattern("10[- ]?kHz|\\bHF10\\b"),
            "burst", pattern("(?<!theta[- ])\\bburst"),
            "closed-loop", pattern("closed[- ]loop|\\bECAP\\b|evoked compound action potential|adaptive"),
            "dtm", pattern("\\bDTM\\b|differential target"),
            "tonic", pattern("\\btonic\\b|conventional (SCS|stimulation)|paraesthesia-based|paresthesia-based"));

    private NeuromodulationDevices() {}

    /**
     * The device as an rr-neuromodulation-device, or empty when the record does not say whether it is implanted.
     *
     * @param id the DeviceDefinition's id
     */
    static Optional<DeviceDefinition> define(String id, TestedDevice tested) {
        String modality = "tms".equals(tested.modality())
                        && REPETITIVE.matcher(tested.text()).find()
                ? "rtms"
                : tested.modality();
        Boolean implanted = implanted(modality, tested.text());
        if (implanted == null) {
            return Optional.empty();
        }
        DeviceDefinition device = new DeviceDefinition();
        device.setId(id);
        device.getMeta().addProfile(RegistryProfiles.NEUROMODULATION_DEVICE);
        device.setType(new CodeableConcept(new Coding(RegistryCodeSystems.THERAPY_SUBTYPE, modality, null)));
        device.addDeviceName().setName(tested.name()).setType(DeviceDefinition.DeviceNameType.USERFRIENDLYNAME);
        Extension stimulation = device.addExtension().setUrl(RegistryExtensions.STIMULATION);
        stimulation.addExtension("implanted", new BooleanType(implanted));
        paradigms(modality, tested.text())
                .forEach(paradigm -> stimulation.addExtension(
                        "paradigm",
                        new CodeableConcept(new Coding(RegistryCodeSystems.STIMULATION_PARADIGM, paradigm, null))));
        return Optional.of(device);
    }

    private static Boolean implanted(String modality, String text) {
        if (IMPLANTED.contains(modality)) {
            return true;
        }
        if (NON_INVASIVE.contains(modality)) {
            return false;
        }
        boolean implant = SAYS_IMPLANTED.matcher(text).find();
        boolean external = SAYS_NOT_IMPLANTED.matcher(text).find();
        return implant == external ? null : implant;
    }

    private static List<String> paradigms(String modality, String text) {
        return switch (modality) {
            case "scs", "drg", "pns", "dbs" -> IMPLANT_PARADIGMS.entrySet().stream()
                    .filter(paradigm -> paradigm.getValue().matcher(text).find())
                    .map(Map.Entry::getKey)
                    .sorted()
                    .toList();
            case "rtms" -> THETA_BURST.matcher(text).find()
                    ? List.of("theta-burst")
                    : HIGH_FREQUENCY_RTMS.matcher(text).find()
                            ? List.of("high-frequency-rtms")
                            : LOW_FREQUENCY_RTMS.matcher(text).find() ? List.of("low-frequency-rtms") : List.of();
            case "tdcs" -> List.of("anodal", "cathodal").stream()
                    .filter(polarity -> text.toLowerCase(Locale.ROOT).contains(polarity))
                    .toList();
            default -> List.of();
        };
    }

    private static Pattern pattern(String regex) {
        return Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
    }
}
