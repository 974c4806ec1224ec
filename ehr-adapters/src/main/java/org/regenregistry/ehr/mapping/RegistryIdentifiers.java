package org.regenregistry.ehr.mapping;

import org.hl7.fhir.r4.model.Identifier;
import org.regenregistry.profiles.RegistryIdentifierSystems;

/**
 * The identifiers the EHR mapping writes into the registry, so that the registry server can search by them: the
 * per-site systems of the keyed hash of a site's MRN and of the key of a resource's EHR source, and a subject's
 * enrolment. The systems themselves are {@link RegistryIdentifierSystems} (<a
 * href="https://hl7.org/fhir/R4/datatypes.html#Identifier">R4 Identifier</a>).
 */
public final class RegistryIdentifiers {

    private RegistryIdentifiers() {}

    /** The system of the keyed hash (HMAC-SHA256, lower-case hex) of a site's MRN. */
    public static String mrnHash(String siteId) {
        return RegistryIdentifierSystems.perSite(RegistryIdentifierSystems.MRN_HASH, siteId);
    }

    /** The identifier of a subject's enrolment in a trial, {@code <ResearchStudy id>/<pseudonym>}. */
    public static Identifier enrolment(String trialId, String pseudonym) {
        return new Identifier().setSystem(RegistryIdentifierSystems.ENROLMENT).setValue(trialId + "/" + pseudonym);
    }

    /** The system of the identifier {@code <Type>/<id>} naming the EHR resource a registry resource was mapped from. */
    public static String source(String siteId) {
        return RegistryIdentifierSystems.perSite(RegistryIdentifierSystems.SOURCE, siteId);
    }
}
