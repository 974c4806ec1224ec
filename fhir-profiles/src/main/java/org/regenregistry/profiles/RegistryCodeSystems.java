package org.regenregistry.profiles;

/**
 * The URL of each code system of the registry package, the one place the other modules take them from.
 * {@code RegistryVocabularyTest} fails when a constant names no code system of the package, or a code system has no
 * constant.
 */
public final class RegistryCodeSystems {

    /** Arm type. */
    public static final String ARM_TYPE = url("arm-type");

    /** Cell type. */
    public static final String CELL_TYPE = url("cell-type");

    /** Condition group. */
    public static final String CONDITION_GROUP = url("condition-group");

    /** Donor relationship. */
    public static final String DONOR_RELATIONSHIP = url("donor-relationship");

    /** Eligibility characteristic. */
    public static final String ELIGIBILITY_CHARACTERISTIC = url("eligibility-characteristic");

    /** Extracellular-vesicle isolation method. */
    public static final String EV_ISOLATION_METHOD = url("ev-isolation-method");

    /** Follow-up activity. */
    public static final String FOLLOW_UP_ACTIVITY = url("follow-up-activity");

    /** Follow-up category. */
    public static final String FOLLOW_UP_CATEGORY = url("follow-up-category");

    /** Gene-therapy approach. */
    public static final String GENE_THERAPY_APPROACH = url("gene-therapy-approach");

    /** Registry identifier type. */
    public static final String IDENTIFIER_TYPE = url("identifier-type");

    /** Manipulation. */
    public static final String MANIPULATION = url("manipulation");

    /** Outcome domain (pain, function). */
    public static final String OUTCOME_DOMAIN = url("outcome-domain");

    /** Outcome instrument scores without LOINC codes. */
    public static final String OUTCOME_INSTRUMENT = url("outcome-instrument");

    /** PRP activation. */
    public static final String PRP_ACTIVATION = url("prp-activation");

    /** PRP leukocyte class. */
    public static final String PRP_LEUKOCYTE_CLASS = url("prp-leukocyte-class");

    /** Recruitment status. */
    public static final String RECRUITMENT_STATUS = url("recruitment-status");

    /** Result statistic. */
    public static final String RESULT_STATISTIC = url("result-statistic");

    /** Source site. */
    public static final String SOURCE_SITE = url("source-site");

    /** Stimulation paradigm. */
    public static final String STIMULATION_PARADIGM = url("stimulation-paradigm");

    /** Therapy family. */
    public static final String THERAPY_FAMILY = url("therapy-family");

    /** Therapy subtype, within its family. */
    public static final String THERAPY_SUBTYPE = url("therapy-subtype");

    /** Tissue source. */
    public static final String TISSUE_SOURCE = url("tissue-source");

    /** Gene-therapy vector type. */
    public static final String VECTOR_TYPE = url("vector-type");

    private RegistryCodeSystems() {}

    private static String url(String id) {
        return RegistryPackage.CANONICAL + "/CodeSystem/" + id;
    }
}
