package org.regenregistry.ehr.mapping;

import java.util.List;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;

/** Copies of EHR concepts with their codes and text only: no extensions or ids an EHR may hang on them. */
final class Concepts {

    private Concepts() {}

    static CodeableConcept clean(CodeableConcept concept) {
        CodeableConcept clean = new CodeableConcept();
        for (Coding coding : concept.getCoding()) {
            clean.addCoding(new Coding(coding.getSystem(), coding.getCode(), coding.getDisplay()));
        }
        return clean.setText(concept.getText());
    }

    static List<CodeableConcept> clean(List<CodeableConcept> concepts) {
        return concepts.stream().map(Concepts::clean).toList();
    }

    /** {@code system|code} of each coding, for reasons. */
    static String codes(CodeableConcept concept) {
        if (!concept.hasCoding()) {
            return concept.hasText() ? "'" + concept.getText() + "' (no code)" : "(no code)";
        }
        return String.join(
                ", ",
                concept.getCoding().stream()
                        .map(coding -> coding.getSystem() + "|" + coding.getCode())
                        .toList());
    }
}
