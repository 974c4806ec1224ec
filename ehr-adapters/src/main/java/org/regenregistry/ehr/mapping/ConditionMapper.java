package org.regenregistry.ehr.mapping;

import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;

/**
 * EHR Condition -> registry Condition (plain <a href="https://hl7.org/fhir/R4/condition.html">R4 Condition</a>): the
 * coded clinical facts and their dates, about the registry Patient. Encounter, recorder, asserter, evidence and notes
 * stay at the site; onset and abatement given as free text do too.
 */
final class ConditionMapper {

    private ConditionMapper() {}

    static Condition map(Condition ehr, Subject subject, EhrSource source) throws NotMapped {
        if (!ehr.hasCode()) {
            throw NotMapped.unmappable("Condition.code: the Condition names no condition");
        }
        Condition condition = new Condition();
        condition.setMeta(source.meta(null));
        condition.addIdentifier(source.key());
        if (ehr.hasClinicalStatus()) {
            condition.setClinicalStatus(Concepts.clean(ehr.getClinicalStatus()));
        }
        if (ehr.hasVerificationStatus()) {
            condition.setVerificationStatus(Concepts.clean(ehr.getVerificationStatus()));
        }
        condition.setCategory(Concepts.clean(ehr.getCategory()));
        if (ehr.hasSeverity()) {
            condition.setSeverity(Concepts.clean(ehr.getSeverity()));
        }
        condition.setCode(Concepts.clean(ehr.getCode()));
        condition.setBodySite(Concepts.clean(ehr.getBodySite()));
        condition.setSubject(subject.reference());
        condition.setOnset(coded(ehr.getOnset()));
        condition.setAbatement(coded(ehr.getAbatement()));
        if (ehr.hasRecordedDate()) {
            condition.setRecordedDateElement(ehr.getRecordedDateElement().copy());
        }
        return condition;
    }

    private static Type coded(Type value) {
        return value == null || value instanceof StringType ? null : value.copy();
    }
}
