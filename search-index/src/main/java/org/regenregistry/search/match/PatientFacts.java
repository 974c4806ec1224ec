package org.regenregistry.search.match;

import java.math.BigDecimal;
import java.util.List;
import java.util.Set;
import org.regenregistry.search.facet.TrialQuery;

/**
 * What a patient's data says that trial eligibility can use; each part may be unknown ({@code null} or empty), and a
 * criterion that needs an unknown part is reported as not checked, never as met.
 *
 * @param age the age in years
 * @param sex an administrative-gender code (female, male, other, unknown)
 * @param conditions the patient's conditions, as codings
 * @param near where the patient is and how far they would travel
 * @param therapyFamilies the therapy families of interest; empty for any
 */
public record PatientFacts(
        BigDecimal age, String sex, List<Code> conditions, TrialQuery.Near near, Set<String> therapyFamilies) {

    /** The most conditions and therapy families a match may name. */
    public static final int MAX_CODES = 50;

    public PatientFacts {
        conditions = List.copyOf(conditions);
        therapyFamilies = Set.copyOf(therapyFamilies);
        if (conditions.isEmpty() && therapyFamilies.isEmpty()) {
            throw new IllegalArgumentException("A match needs at least a condition or a therapy family of interest");
        }
        if (conditions.size() > MAX_CODES || therapyFamilies.size() > MAX_CODES) {
            throw new IllegalArgumentException(
                    "A match takes at most " + MAX_CODES + " conditions and therapy families");
        }
        if (age != null && (age.signum() < 0 || age.compareTo(BigDecimal.valueOf(150)) > 0)) {
            throw new IllegalArgumentException("age must be between 0 and 150 years, was " + age);
        }
    }

    /** A coded condition. */
    public record Code(String system, String code, String display) {

        /** How the match names it: its display, else system|code. */
        public String label() {
            return display != null && !display.isBlank() ? display : system + "|" + code;
        }
    }
}
