package org.regenregistry.server.web;

import java.util.ArrayList;
import java.util.List;
import org.regenregistry.search.trial.TrialDocument;

/** The facts of a trial's investigational product or device, as the index keeps them, named for a reader. */
final class TrialFacts {

    private TrialFacts() {}

    /** The therapy families and the kinds within them, named. */
    static String therapy(List<String> families, List<String> subtypes) {
        List<String> names = new ArrayList<>(families.stream().map(Labels::code).toList());
        subtypes.stream()
                .map(Labels::code)
                .filter(name -> !names.contains(name))
                .forEach(names::add);
        return String.join(" \u00b7 ", names);
    }

    static List<Fact> of(TrialDocument trial) {
        List<Fact> facts = new ArrayList<>();
        TrialDocument.Product product = trial.product();
        if (product != null) {
            add(facts, "Cell type", product.cellTypes());
            add(facts, "Tissue source", product.tissueSources());
            add(facts, "Donor", product.donorRelationships());
            add(facts, "PRP leukocytes", product.leukocyteClasses());
            add(facts, "Vector", product.vectorTypes());
            if (product.integrating() != null) {
                facts.add(new Fact("Integrating vector", product.integrating() ? "Yes" : "No"));
            }
        }
        TrialDocument.Device device = trial.device();
        if (device != null) {
            add(facts, "Device modality", device.modalities());
            add(facts, "Stimulation paradigm", device.paradigms());
            if (device.implanted() != null) {
                facts.add(new Fact("Implanted", device.implanted() ? "Yes" : "No"));
            }
        }
        return facts;
    }

    private static void add(List<Fact> facts, String label, List<String> codes) {
        if (codes != null && !codes.isEmpty()) {
            facts.add(new Fact(label, Labels.codes(codes)));
        }
    }

    /** One named fact. */
    record Fact(String label, String value) {}
}
