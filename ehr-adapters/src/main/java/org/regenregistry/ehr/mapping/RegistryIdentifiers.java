package org.regenregistry.ehr.mapping;

import org.hl7.fhir.r4.model.Identifier;
import org.regenregistry.profiles.RegistryPackage;

/**
 * The naming systems and codes the EHR mapping writes into the registry, so that the registry server can search by
 * them: the keyed hash of a site's MRN, the key of a resource's EHR source, the subject pseudonym and enrolment, and the
 * security tag naming the site a resource came from (<a href="https://hl7.org/fhir/R4/datatypes.html#Identifier">R4
 * Identifier</a>, <a href="https://hl7.org/fhir/R4/resource.html#Meta">Meta.security</a>).
 */
public final class RegistryIdentifiers {

    /** Meta.security code system whose code is the id of the site a resource was synced from. */
    public static final String SOURCE_SITE_TAG = RegistryPackage.CANONICAL + "/CodeSystem/source-site";

    /** The registry's pseudonym of a person, {@code RR-} and 20 base32 characters. */
    public static final String PSEUDONYM = RegistryPackage.CANONICAL + "/sid/pseudonym";

    /** A subject's enrolment in a trial: {@code <ResearchStudy id>/<pseudonym>}. */
    public static final String ENROLMENT = RegistryPackage.CANONICAL + "/sid/enrolment";

    /** The registry's identifier of a trial, e.g. {@code RR-2026-0001}: how the trial is found again in an EHR. */
    public static final String TRIAL = RegistryPackage.CANONICAL + "/sid/trial";

    /** The registry's id of an EHR site, as used in Provenance agents. */
    public static final String SITE = RegistryPackage.CANONICAL + "/sid/site";

    /** The registry's identifier types; {@code registry-subject} marks the pseudonym. */
    public static final String IDENTIFIER_TYPE = RegistryPackage.CANONICAL + "/CodeSystem/identifier-type";

    private static final String MRN_HASH_PREFIX = RegistryPackage.CANONICAL + "/sid/mrn-hash/";
    private static final String SOURCE_PREFIX = RegistryPackage.CANONICAL + "/sid/source/";

    private RegistryIdentifiers() {}

    /** The system of the keyed hash (HMAC-SHA256, lower-case hex) of a site's MRN. */
    public static String mrnHash(String siteId) {
        return MRN_HASH_PREFIX + siteId;
    }

    /** The identifier of a subject's enrolment in a trial, {@code <ResearchStudy id>/<pseudonym>}. */
    public static Identifier enrolment(String trialId, String pseudonym) {
        return new Identifier().setSystem(ENROLMENT).setValue(trialId + "/" + pseudonym);
    }

    /** The system of the identifier {@code <Type>/<id>} naming the EHR resource a registry resource was mapped from. */
    public static String source(String siteId) {
        return SOURCE_PREFIX + siteId;
    }
}
