package org.regenregistry.profiles;

/**
 * The identifier systems of the registry, each described by a NamingSystem of the package. {@link #MRN_HASH} and
 * {@link #SOURCE} name families, one system per site: {@link #perSite} gives a site's. {@code RegistryVocabularyTest}
 * fails when a constant has no NamingSystem in the package, or a NamingSystem has no constant.
 */
public final class RegistryIdentifierSystems {

    /** A product's chain-of-identity identifier, tying it to the person it was made from and for. */
    public static final String CHAIN_OF_IDENTITY = url("chain-of-identity");

    /** A subject's enrolment in a trial: {@code <ResearchStudy id>/<pseudonym>}. */
    public static final String ENROLMENT = url("enrolment");

    /** An expected follow-up contact, {@code <CarePlan id>/<due date>}: the Task raised when it is overdue. */
    public static final String FOLLOW_UP_CONTACT = url("follow-up-contact");

    /** The family of per-site systems of the keyed hash of a site's MRN. */
    public static final String MRN_HASH = url("mrn-hash");

    /** The registry's pseudonym of a person, {@code RR-} and 20 base32 characters. */
    public static final String PSEUDONYM = url("pseudonym");

    /** The registry's id of an EHR site, as named in Provenance agents. */
    public static final String SITE = url("site");

    /** The family of per-site systems of the key of the EHR resource a registry resource came from. */
    public static final String SOURCE = url("source");

    /** A subject's identifier within a trial, as the enrolling site assigns it. */
    public static final String SUBJECT = url("subject");

    /** The registry's identifier of a trial, such as {@code RR-2026-0001}. */
    public static final String TRIAL = url("trial");

    private RegistryIdentifierSystems() {}

    /** A site's system of a family such as {@link #MRN_HASH}: the family's URL, {@code /} and the site's id. */
    public static String perSite(String family, String siteId) {
        return family + "/" + siteId;
    }

    private static String url(String id) {
        return RegistryPackage.CANONICAL + "/sid/" + id;
    }
}
