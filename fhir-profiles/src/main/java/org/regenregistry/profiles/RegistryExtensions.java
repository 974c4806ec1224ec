package org.regenregistry.profiles;

/**
 * The URL of each extension of the registry package, the one place the other modules take them from.
 * {@code RegistryVocabularyTest} fails when a constant names no extension of the package, or an extension has no
 * constant.
 */
public final class RegistryExtensions {

    /** Administered dose. */
    public static final String ADMINISTERED_DOSE = url("administered-dose");

    /** Administered product. */
    public static final String ADMINISTERED_PRODUCT = url("administered-product");

    /** Route of administration. */
    public static final String ADMINISTRATION_ROUTE = url("administration-route");

    /** Caused subject to discontinue. */
    public static final String AE_CAUSED_DISCONTINUATION = url("ae-caused-discontinuation");

    /** Adverse-event grade. */
    public static final String AE_GRADE = url("ae-grade");

    /** Resolution date. */
    public static final String AE_RESOLVE_DATE = url("ae-resolve-date");

    /** Seriousness criterion. */
    public static final String AE_SERIOUSNESS_CRITERION = url("ae-seriousness-criterion");

    /** Applied neuromodulation device. */
    public static final String APPLIED_DEVICE = url("applied-device");

    /** The kind of therapy a trial's arm gives. */
    public static final String ARM_THERAPY = url("arm-therapy");

    /** Cell-therapy product. */
    public static final String CELL_PRODUCT = url("cell-product");

    /** A collaborating organisation of a trial. */
    public static final String COLLABORATOR = url("collaborator");

    /** Events of an adverse event term. */
    public static final String EVENT_COUNT = url("event-count");

    /** Extracellular-vesicle product. */
    public static final String EXOSOME_PRODUCT = url("exosome-product");

    /** Follow-up category. */
    public static final String FOLLOW_UP_CATEGORY = url("follow-up-category");

    /** Gene-therapy vector. */
    public static final String GENE_THERAPY_VECTOR = url("gene-therapy-vector");

    /** Image guidance. */
    public static final String IMAGE_GUIDANCE = url("image-guidance");

    /** Injection number. */
    public static final String INJECTION_NUMBER = url("injection-number");

    /** Investigational product. */
    public static final String INVESTIGATIONAL_PRODUCT = url("investigational-product");

    /** Organ system of an adverse event term. */
    public static final String ORGAN_SYSTEM = url("organ-system");

    /** How a pain or function score is read (domain, direction, responder rules, MCID), on its value-set concept. */
    public static final String OUTCOME_INSTRUMENT_SCALE = url("outcome-instrument-scale");

    /** Platelet-rich plasma product. */
    public static final String PRP_PRODUCT = url("prp-product");

    /** Recruitment. */
    public static final String RECRUITMENT = url("recruitment");

    /** Reporting schedule: how often each site of a trial submits its outcome package. */
    public static final String REPORTING_SCHEDULE = url("reporting-schedule");

    /** Resubmission reason: why a site submits again for a trial and period it already submitted. */
    public static final String RESUBMISSION_REASON = url("resubmission-reason");

    /** The group a registered result is reported for. */
    public static final String RESULT_GROUP = url("result-group");

    /** The class and category of a registered result. */
    public static final String RESULT_ROW = url("result-row");

    /** One site's recruitment status, on the trial's reference to it. */
    public static final String SITE_RECRUITMENT = url("site-recruitment");

    /** Source record: where an imported trial came from, and the source's version of it. */
    public static final String SOURCE_RECORD = url("source-record");

    /** How a neuromodulation device stimulates. */
    public static final String STIMULATION = url("stimulation");

    /** Therapy family. */
    public static final String THERAPY_FAMILY = url("therapy-family");

    /** When a registered result was measured. */
    public static final String TIME_FRAME = url("time-frame");

    /** Trial. */
    public static final String TRIAL = url("trial");

    private RegistryExtensions() {}

    private static String url(String id) {
        return RegistryPackage.STRUCTURE_DEFINITIONS + id;
    }
}
