package org.regenregistry.ehr.mapping;

import java.util.Optional;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;
import org.regenregistry.profiles.RegistryCodeSystems;
import org.regenregistry.profiles.RegistryIdentifierSystems;

/**
 * EHR Patient -> pseudonymous registry Patient: the keyed hash of the MRN, the registry pseudonym, gender, the year of
 * birth and whether the person died, and nothing else (<a href="https://hl7.org/fhir/R4/patient.html">R4 Patient</a>;
 * a FHIR {@code date} may be a year alone). Names, addresses, telecom, other identifiers, extensions such as race,
 * birth place or mother's maiden name, and the narrative never leave the site.
 */
final class PatientMapper {

    static final String V2_0203 = "http://terminology.hl7.org/CodeSystem/v2-0203";

    private PatientMapper() {}

    /** The subject's registry key and pseudonym, read from the EHR Patient. */
    static Subject subject(SourceSite site, Pseudonyms pseudonyms, Patient ehr) throws NotMapped {
        String id = EhrSource.of(site, ehr).id();
        String mrn = mrn(site, ehr)
                .orElseThrow(() -> NotMapped.unmappable("the Patient has no MRN (an identifier of type "
                        + V2_0203 + "|MR" + (site.mrnSystem() == null ? "" : " or system " + site.mrnSystem())
                        + "), so it cannot be pseudonymised"));
        String hash = pseudonyms.mrnHash(mrn);
        Identifier key = new Identifier()
                .setSystem(RegistryIdentifiers.mrnHash(site.id()))
                .setValue(hash);
        return new Subject(id, key, pseudonyms.pseudonym(hash));
    }

    static Patient map(Patient ehr, Subject subject, EhrSource source) {
        Patient patient = new Patient();
        patient.setMeta(source.meta(null));
        patient.addIdentifier(subject.mrnHash().copy());
        patient.addIdentifier()
                .setType(new CodeableConcept(new Coding(RegistryCodeSystems.IDENTIFIER_TYPE, "registry-subject", null)))
                .setSystem(RegistryIdentifierSystems.PSEUDONYM)
                .setValue(subject.pseudonym());
        if (ehr.hasGender()) {
            patient.setGender(ehr.getGender());
        }
        if (ehr.hasBirthDate()) {
            patient.setBirthDateElement(
                    new DateType(String.valueOf(ehr.getBirthDateElement().getYear())));
        }
        if (ehr.hasDeceasedBooleanType()) {
            patient.setDeceased(new BooleanType(ehr.getDeceasedBooleanType().booleanValue()));
        } else if (ehr.hasDeceasedDateTimeType()) {
            patient.setDeceased(new BooleanType(true));
        }
        return patient;
    }

    private static Optional<String> mrn(SourceSite site, Patient ehr) {
        Optional<String> bySystem = ehr.getIdentifier().stream()
                .filter(identifier ->
                        site.mrnSystem() != null && site.mrnSystem().equals(identifier.getSystem()))
                .map(Identifier::getValue)
                .filter(PatientMapper::present)
                .findFirst();
        if (bySystem.isPresent()) {
            return bySystem;
        }
        return ehr.getIdentifier().stream()
                .filter(identifier -> identifier.getType().getCoding().stream()
                        .anyMatch(coding -> V2_0203.equals(coding.getSystem()) && "MR".equals(coding.getCode())))
                .map(Identifier::getValue)
                .filter(PatientMapper::present)
                .findFirst();
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
