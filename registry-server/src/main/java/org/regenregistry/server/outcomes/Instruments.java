package org.regenregistry.server.outcomes;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.regenregistry.profiles.RegistryCodeSystems;
import org.regenregistry.statistics.Instrument;

/**
 * How the scores of the package's pain-score and function-score value sets are read (a test keeps this list and the
 * value sets the same): the outcome domain, which way is better, and the responder rules. MCIDs are named only where
 * an anchor-based consensus exists: 2 points on the 0-10 NRS (Farrar et al. 2001, Pain 94:149), 10 points on the
 * Oswestry Disability Index (Ostelo et al. 2008, Spine 33:90).
 */
final class Instruments {

    /**
     * An instrument of the package.
     *
     * @param instrument how its scores are read
     * @param domain {@code pain} or {@code function}
     * @param name what it is called
     * @param preference the order in which a trial's instruments of one domain are chosen for pooling (lower first)
     */
    record Known(Instrument instrument, String domain, String name, int preference) {

        /** The code system of the instrument's code: LOINC, or the registry's for what LOINC does not code. */
        String system() {
            return instrument.code().startsWith("womac-") ? RegistryCodeSystems.OUTCOME_INSTRUMENT : LOINC;
        }
    }

    static final String LOINC = "http://loinc.org";

    private static final double NONE = Double.NaN;

    static final List<Known> ALL = List.of(
            pain("72514-3", "Pain NRS 0-10", true, 2, 2, 0),
            pain("38214-3", "Pain VAS", true, 0, NONE, 1),
            pain("38208-5", "Pain severity", true, 0, NONE, 2),
            pain("womac-pain", "WOMAC pain", false, 0, NONE, 3),
            pain("72102-7", "KOOS pain", false, 0, NONE, 4, false),
            pain("72097-9", "HOOS pain", false, 0, NONE, 5, false),
            function("97909-6", "Oswestry Disability Index", true, 10, 0),
            function("womac-function", "WOMAC function", true, NONE, 1),
            function("womac-total", "WOMAC total", true, NONE, 2),
            function("womac-stiffness", "WOMAC stiffness", true, NONE, 3),
            function("77565-0", "BPI interference", true, NONE, 4),
            function("77865-4", "PROMIS pain interference", true, NONE, 5),
            function("72100-1", "KOOS activities of daily living", false, NONE, 6),
            function("82324-5", "KOOS JR", false, NONE, 7),
            function("72101-9", "KOOS symptoms", false, NONE, 8),
            function("72099-5", "KOOS sport and recreation", false, NONE, 9),
            function("72098-7", "KOOS quality of life", false, NONE, 10));

    private static final Map<String, Known> BY_CODE =
            ALL.stream().collect(Collectors.toMap(known -> known.instrument().code(), Function.identity()));

    private Instruments() {}

    static Optional<Known> of(String code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }

    private static Known pain(
            String code, String name, boolean intensity, double minimumPoints, double mcid, int preference) {
        return pain(code, name, intensity, minimumPoints, mcid, preference, true);
    }

    private static Known pain(
            String code,
            String name,
            boolean intensity,
            double minimumPoints,
            double mcid,
            int preference,
            boolean lowerIsBetter) {
        return new Known(new Instrument(code, lowerIsBetter, intensity, minimumPoints, mcid), "pain", name, preference);
    }

    private static Known function(String code, String name, boolean lowerIsBetter, double mcid, int preference) {
        return new Known(new Instrument(code, lowerIsBetter, false, 0, mcid), "function", name, preference);
    }
}
