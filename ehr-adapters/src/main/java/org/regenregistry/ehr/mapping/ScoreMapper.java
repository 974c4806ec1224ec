package org.regenregistry.ehr.mapping;

import java.math.BigDecimal;
import java.util.Optional;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Type;
import org.regenregistry.profiles.CoreExtensions;
import org.regenregistry.profiles.RegistryProfiles;

/**
 * EHR Observation -> registry outcome score: by its code, a pain score ({@code rr-pain-score}) or a function score
 * ({@code rr-function-score}), whose value sets list the LOINC codes the registry takes. Any other Observation (vital
 * signs, laboratory...) is no registry outcome and is skipped (<a href="https://hl7.org/fhir/R4/observation.html">R4
 * Observation</a>).
 */
final class ScoreMapper {

    static final String PAIN_PROFILE = RegistryProfiles.PAIN_SCORE;
    static final String FUNCTION_PROFILE = RegistryProfiles.FUNCTION_SCORE;

    private static final String OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
    private static final String NUMERIC_RATING_SCALE = "72514-3";
    private static final BigDecimal NRS_MAX = BigDecimal.TEN;

    private ScoreMapper() {}

    static Observation map(Observation ehr, Subject subject, Enrolment enrolment, EhrSource source) throws NotMapped {
        RegistryValueSets valueSets = RegistryValueSets.get();
        Optional<Coding> pain = valueSets.find(RegistryValueSets.PAIN_SCORE, ehr.getCode());
        Optional<Coding> function = valueSets.find(RegistryValueSets.FUNCTION_SCORE, ehr.getCode());
        if (pain.isEmpty() && function.isEmpty()) {
            throw NotMapped.skipped("Observation.code " + Concepts.codes(ehr.getCode())
                    + " is no pain or function score of the registry");
        }
        Coding code = pain.orElseGet(function::get);
        if (!ehr.hasStatus()) {
            throw NotMapped.unmappable("Observation.status: the score has no status");
        }
        DateTimeType effective = effective(ehr)
                .orElseThrow(() -> NotMapped.unmappable("Observation.effective[x]: the score has no date and time"));
        Type value = value(ehr)
                .orElseThrow(() -> NotMapped.unmappable("Observation.value[x]: the score is no integer or quantity"
                        + (ehr.hasDataAbsentReason() ? " (" + Concepts.codes(ehr.getDataAbsentReason()) + ")" : "")));
        if (NUMERIC_RATING_SCALE.equals(code.getCode()) && !withinNumericRatingScale(value)) {
            throw NotMapped.unmappable("Observation.value[x]: a numeric rating scale score is between 0 and 10");
        }

        Observation observation = new Observation();
        observation.setMeta(source.meta(pain.isPresent() ? PAIN_PROFILE : FUNCTION_PROFILE));
        observation.addExtension(CoreExtensions.RESEARCH_STUDY, new Reference(enrolment.study()));
        observation.addIdentifier(source.key());
        observation.setStatus(ehr.getStatus());
        observation.addCategory(new CodeableConcept(new Coding(OBSERVATION_CATEGORY, "survey", "Survey")));
        observation.setCode(new CodeableConcept(code));
        observation.setSubject(subject.reference());
        observation.setEffective(effective);
        observation.setValue(value);
        return observation;
    }

    private static Optional<DateTimeType> effective(Observation ehr) {
        if (ehr.hasEffectiveDateTimeType()) {
            return Optional.of(ehr.getEffectiveDateTimeType().copy());
        }
        if (ehr.hasEffectiveInstantType()) {
            return Optional.of(new DateTimeType(ehr.getEffectiveInstantType().getValueAsString()));
        }
        return Optional.empty();
    }

    private static Optional<Type> value(Observation ehr) {
        if (ehr.hasValueIntegerType() && ehr.getValueIntegerType().hasValue()) {
            return Optional.of(new IntegerType(ehr.getValueIntegerType().getValue()));
        }
        if (ehr.hasValueQuantity() && ehr.getValueQuantity().hasValue()) {
            Quantity quantity = ehr.getValueQuantity();
            return Optional.of(new Quantity()
                    .setValue(quantity.getValue())
                    .setUnit(quantity.getUnit())
                    .setSystem(quantity.getSystem())
                    .setCode(quantity.getCode()));
        }
        return Optional.empty();
    }

    private static boolean withinNumericRatingScale(Type value) {
        BigDecimal score = value instanceof IntegerType integer
                ? BigDecimal.valueOf(integer.getValue())
                : ((Quantity) value).getValue();
        return score.signum() >= 0 && score.compareTo(NRS_MAX) <= 0;
    }
}
