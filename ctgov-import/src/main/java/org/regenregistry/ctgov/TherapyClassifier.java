package org.regenregistry.ctgov;

import static org.regenregistry.ctgov.StudyJson.list;
import static org.regenregistry.ctgov.StudyJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Tells a study's therapy families (and subtypes) from what it tests: the interventions of its experimental arms,
 * read by name and other names first, by description only when those say nothing, then by the MeSH terms
 * ClinicalTrials.gov assigned to its interventions. Placebo, sham and usual-care comparators never count, nor does
 * background therapy that every comparator arm gets as well (exercise beside PRP and beside saline is not what is
 * tested). Vesicles named by the cells they come from ("MSC-derived exosomes") are exosomes, not cells.
 *
 * <p>It does not guess: a study whose tested interventions match no family is {@code other} only if nothing in its
 * title or summary names a family either; otherwise, and when the record names no intervention at all, it is
 * {@code unclassified}, with the reason. Its precision and recall against hand-labelled records are in
 * docs/ctgov-import.md.
 */
public final class TherapyClassifier {

    /** A family (and maybe a subtype) and the words that show it; general rules count only when no specific one did. */
    private record Rule(String family, String subtype, Pattern pattern, boolean general) {

        static Rule of(String family, String subtype, String regex) {
            return new Rule(family, subtype, compile(regex), false);
        }

        static Rule general(String family, String regex) {
            return new Rule(family, null, compile(regex), true);
        }

        private static Pattern compile(String regex) {
            return Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
        }
    }

    private static final List<Rule> RULES = List.of(
            Rule.of("stem-cell", "bmac", "bone[- ]marrow (aspirate )?concentrate|\\bBMAC\\b|\\bBMC\\b"),
            Rule.of(
                    "stem-cell",
                    "svf",
                    "stromal vascular fraction|\\bSVF\\b|micro-?fragmented adipose|lipogems|nanofat|adipose tissue"
                            + " (graft|injection|transfer)"),
            Rule.of("stem-cell", "chondrocyte", "chondrocyte|\\bM?ACI\\b"),
            Rule.of(
                    "stem-cell",
                    "msc",
                    "mesenchymal|stromal cells?|\\bMSCs?\\b|\\bAD-?MSCs?\\b|\\bADSCs?\\b|\\bBM-?MSCs?\\b|\\bUC-?MSCs?\\b"
                            + "|wharton"),
            Rule.general(
                    "stem-cell",
                    "stem[- ]cells?|precursor cells?|progenitor cells?|\\biPSCs?\\b|cell therapy|cell-based therap"
                            + "|viable cells?|\\d\\s*(million|[x×]\\s*10\\\\?\\^?e?\\d+)\\s*(\\S+\\s)?cells"),
            Rule.of(
                    "prp",
                    "platelet-rich-fibrin",
                    "platelet[- ]rich fibrin|\\bL?-?PRF\\b|\\bPRGF\\b|plasma rich in growth factors"),
            Rule.of(
                    "prp",
                    "platelet-rich-plasma",
                    "platelet[- ]rich[- ]plasma|\\b(LR|LP|L)?-?PRP\\b|autologous conditioned plasma|platelet lysate"
                            + "|platelet concentrate|platelet[- ]rich"),
            Rule.of("exosome", null, "exosom|extracellular vesicle|secretome|conditioned medi(um|a)"),
            Rule.of(
                    "gene-therapy",
                    "genome-editing",
                    "crispr|genome[- ]edit|gene[- ]edit|zinc[- ]finger nuclease|base[- ]edit"),
            Rule.of(
                    "gene-therapy",
                    "viral-vector",
                    "\\bAAV\\d*\\b|\\brAAV|adeno-associated|lentivir|adenovir(al|us)[- ]vector|\\bHSV[- ]vector"
                            + "|vector genomes|\\bvg/kg"),
            Rule.of("gene-therapy", "non-viral", "plasmid|naked DNA|gene[- ]activated"),
            Rule.general("gene-therapy", "gene therap|gene transfer|transgene"),
            Rule.of(
                    "integrative",
                    "acupuncture",
                    "acupunct|pharmacopuncture|acupressure|acupoint|dry needling|moxibustion|\\bTEAS\\b|auricular (point|therapy)"),
            Rule.of("neuromodulation", "drg", "dorsal root ganglion (stimulat|neuromodulat)|\\bDRG[- ]?(S\\b|stim)"),
            Rule.of(
                    "neuromodulation",
                    "scs",
                    "spinal cord (stimulat|neuromodulat)|\\bSCS\\b|dorsal column stimulat|\\bHF10\\b|10[- ]?kHz"
                            + "|epidural (electrical )?stimulat"),
            Rule.of(
                    "neuromodulation",
                    "pns",
                    "peripheral nerve (stimulat|field stimulat)|\\bPNS\\b|occipital nerve stimulat|vagus nerve stimulat"
                            + "|vagal nerve stimulat|\\bt?a?VNS\\b|sacral neuromodulat|sphenopalatine ganglion stimulat"
                            + "|genicular nerve stimulat|tibial nerve stimulat"),
            Rule.of("neuromodulation", "tms", "transcranial magnetic|\\br?TMS\\b|theta[- ]burst|\\b[ic]TBS\\b"),
            Rule.of(
                    "neuromodulation",
                    "tdcs",
                    "transcranial (direct|alternating|random noise)[- ]current|transcranial electric"
                            + "|\\b(HD-)?tDCS\\b|\\btACS\\b|\\btRNS\\b"),
            Rule.of("neuromodulation", "dbs", "deep brain stimulat|\\bDBS\\b|motor cortex stimulat"),
            Rule.of(
                    "neuromodulation",
                    "tens",
                    "\\bTENS\\b|transcutaneous electrical nerve|scrambler therapy|interferential current"),
            Rule.general(
                    "neuromodulation",
                    "neuromodulat|neurostimulat|electrical stimulat|electrostimulat|electric stimulat|\\bNMES\\b"),
            Rule.of(
                    "integrative",
                    "mind-body",
                    "mindfulness|meditation|cognitive[- ]behavio|\\bCBT\\b|acceptance and commitment|biofeedback"
                            + "|neurofeedback|hypno|\\byoga\\b|tai[- ]?chi|qi[- ]?gong|relaxation|guided imagery"
                            + "|psychotherap|problem[- ]solving|mind[- ]body|pain (neuroscience )?education"
                            + "|music therapy|breathing exercise"),
            Rule.of(
                    "integrative",
                    "manual-therapy",
                    "chiropract|spinal manipulat|osteopathic|\\bOMT\\b|manipulati(on|ve) therap|massage"
                            + "|manual therap|mobili[sz]ation|myofascial release|reflexology|\\bSNAGs?\\b"
                            + "|(cyriax|maitland|mulligan|kaltenborn|chuna)\\b"),
            Rule.of(
                    "integrative",
                    "exercise",
                    "exercis|physical activity|physiotherap|physical therap|pilates|stretching|walking program"
                            + "|\\bELDOA\\b|mckenzie|elongation longitudina"
                            + "|(aerobic|strength|strengthening|resistance|endurance|balance|gait|treadmill|core"
                            + "|stabili[sz]ation|motor control|neuromuscular|proprioceptive|skateboarding) training"),
            Rule.of(
                    "integrative",
                    "nutrition",
                    "\\bdiet|nutrition|nutritional|supplement|vitamin|omega-3|fish oil|curcumin|turmeric|probiotic"
                            + "|ketogenic|fasting|collagen peptide"));

    private static final Pattern COMPARATOR = Pattern.compile(
            "placebo|\\bsham\\b|\\bsaline\\b|\\bvehicle\\b|no (treatment|intervention)|usual care|standard (of )?care"
                    + "|wait[- ]?list|treatment as usual|attention control",
            Pattern.CASE_INSENSITIVE);

    /** Intervention types that name a product, whose description says what it is (cells, a vector...). */
    private static final Set<String> PRODUCTS =
            Set.of("BIOLOGICAL", "DRUG", "GENETIC", "COMBINATION_PRODUCT", "DIETARY_SUPPLEMENT");

    private static final Set<String> COMPARATOR_ARMS =
            Set.of("PLACEBO_COMPARATOR", "SHAM_COMPARATOR", "NO_INTERVENTION");

    private static final String NEUROMODULATION = "neuromodulation";

    /** ClinicalTrials.gov's intervention type for dietary supplements, which is a nutritional intervention. */
    private static final String DIETARY_SUPPLEMENT = "DIETARY_SUPPLEMENT";

    /** Classifies {@code study} (an API v2 study object). */
    public Classification classify(JsonNode study) {
        JsonNode protocol = study.path("protocolSection");
        JsonNode module = protocol.path("armsInterventionsModule");
        List<JsonNode> interventions = list(module.path("interventions"));
        if (interventions.isEmpty()) {
            return unclassified("the record names no intervention");
        }
        List<JsonNode> tested = tested(module, interventions);
        if (tested.isEmpty()) {
            return unclassified("every intervention is a placebo, sham or usual-care comparator");
        }
        Set<String> families = new LinkedHashSet<>();
        Set<String> subtypes = new LinkedHashSet<>();
        List<String> evidence = new ArrayList<>();
        List<TestedDevice> devices = new ArrayList<>();
        List<JsonNode> unmatched = new ArrayList<>();
        for (JsonNode intervention : tested) {
            List<Rule> matched = matches(namesOf(intervention), intervention);
            if (matched.isEmpty() && PRODUCTS.contains(text(intervention, "type"))) {
                matched = matches(described(intervention, module), intervention);
            }
            if (matched.isEmpty()) {
                unmatched.add(intervention);
            }
            matched.stream()
                    .filter(rule -> NEUROMODULATION.equals(rule.family()) && rule.subtype() != null)
                    .findFirst()
                    .ifPresent(rule -> devices.add(new TestedDevice(
                            text(intervention, "name"),
                            rule.subtype(),
                            namesOf(intervention) + "; " + text(intervention, "description"))));
            add(matched, label(intervention), families, subtypes, evidence);
        }
        if (families.isEmpty()) {
            String meshTerms =
                    list(study.path("derivedSection")
                                    .path("interventionBrowseModule")
                                    .path("meshes"))
                            .stream()
                            .map(mesh -> text(mesh, "term"))
                            .collect(Collectors.joining("; "));
            add(matches(meshTerms, null), "intervention MeSH terms", families, subtypes, evidence);
            if (!families.isEmpty()) {
                unmatched.clear();
            }
        }
        if (families.isEmpty()) {
            String title = text(protocol.path("identificationModule"), "briefTitle") + " "
                    + text(protocol.path("identificationModule"), "officialTitle");
            List<String> named = matches(title, null).stream()
                    .map(Rule::family)
                    .filter(family -> !family.equals("integrative"))
                    .distinct()
                    .toList();
            if (!named.isEmpty()) {
                return unclassified(
                        "no tested intervention matches a family, but the title names " + String.join(", ", named));
            }
        }
        for (JsonNode intervention : unmatched) {
            families.add(Classification.OTHER);
            evidence.add(label(intervention) + " -> other");
        }
        return new Classification(List.copyOf(families), List.copyOf(subtypes), devices, evidence, null);
    }

    /**
     * The subtypes one intervention gives by its names, whatever arm gives it (an active comparator's CBT is
     * mind-body); none for a placebo, sham or usual-care comparator.
     */
    public List<String> subtypesOf(JsonNode intervention) {
        String names = namesOf(intervention);
        if (COMPARATOR.matcher(names).find()) {
            return List.of();
        }
        return matches(names, intervention).stream()
                .map(Rule::subtype)
                .filter(Objects::nonNull)
                .distinct()
                .toList();
    }

    private static void add(
            List<Rule> matched, String label, Set<String> families, Set<String> subtypes, List<String> evidence) {
        for (Rule rule : matched) {
            families.add(rule.family());
            if (rule.subtype() != null) {
                subtypes.add(rule.subtype());
            }
            evidence.add(label + " -> " + rule.family() + (rule.subtype() == null ? "" : "/" + rule.subtype()));
        }
    }

    private static String label(JsonNode intervention) {
        return text(intervention, "type") + ": " + text(intervention, "name");
    }

    /**
     * What the record says a product is beyond its name: its description and those of the arms that get it. Only for
     * products (a code-named drug or biologic); a device's or procedure's description tends to list the background
     * care every arm gets as well.
     */
    private static String described(JsonNode intervention, JsonNode module) {
        Set<String> arms = armsOf(intervention);
        List<String> texts = new ArrayList<>();
        texts.add(text(intervention, "description"));
        list(module.path("armGroups")).stream()
                .filter(arm -> arms.contains(text(arm, "label")))
                .filter(arm -> !COMPARATOR_ARMS.contains(text(arm, "type")))
                .forEach(arm -> texts.add(text(arm, "description")));
        return String.join("; ", texts);
    }

    private static Classification unclassified(String reason) {
        return new Classification(List.of(Classification.UNCLASSIFIED), List.of(), List.of(), List.of(), reason);
    }

    /**
     * The interventions under test: those of an experimental arm that not every other arm gets too, leaving out
     * comparators; when arms are not typed (observational cohorts), every intervention that is not a comparator.
     */
    private static List<JsonNode> tested(JsonNode module, List<JsonNode> interventions) {
        List<JsonNode> arms = list(module.path("armGroups"));
        Set<String> experimental = arms.stream()
                .filter(arm -> "EXPERIMENTAL".equals(text(arm, "type")))
                .map(arm -> text(arm, "label"))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        Set<String> others = arms.stream()
                .map(arm -> text(arm, "label"))
                .filter(label -> !experimental.contains(label))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        List<JsonNode> candidates = interventions.stream()
                .filter(intervention ->
                        !COMPARATOR.matcher(namesOf(intervention)).find())
                .toList();
        if (experimental.isEmpty()) {
            return candidates;
        }
        List<JsonNode> inExperimental = candidates.stream()
                .filter(intervention -> armsOf(intervention).stream().anyMatch(experimental::contains))
                .toList();
        List<JsonNode> distinctive = inExperimental.stream()
                .filter(intervention ->
                        others.isEmpty() || !armsOf(intervention).containsAll(others))
                .toList();
        if (!distinctive.isEmpty()) {
            return distinctive;
        }
        return inExperimental.isEmpty() ? candidates : inExperimental;
    }

    private static List<Rule> matches(String text, JsonNode intervention) {
        List<Rule> specific = new ArrayList<>();
        List<Rule> general = new ArrayList<>();
        if (intervention != null && DIETARY_SUPPLEMENT.equals(text(intervention, "type"))) {
            specific.add(RULES.stream()
                    .filter(rule -> "nutrition".equals(rule.subtype()))
                    .findFirst()
                    .orElseThrow());
        }
        for (Rule rule : RULES) {
            if (!specific.contains(rule) && rule.pattern().matcher(text).find()) {
                (rule.general() ? general : specific).add(rule);
            }
        }
        List<Rule> found = specific.isEmpty() ? general : specific;
        if (found.stream().anyMatch(rule -> rule.family().equals("exosome"))) {
            found.removeIf(rule -> rule.family().equals("stem-cell"));
        }
        return found;
    }

    private static String namesOf(JsonNode intervention) {
        List<String> names = new ArrayList<>();
        names.add(text(intervention, "name"));
        names.addAll(StudyJson.texts(intervention, "otherNames"));
        return String.join("; ", names);
    }

    private static Set<String> armsOf(JsonNode intervention) {
        return list(intervention.path("armGroupLabels")).stream()
                .map(JsonNode::asText)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }
}
