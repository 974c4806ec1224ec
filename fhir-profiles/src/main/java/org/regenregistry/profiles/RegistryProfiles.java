package org.regenregistry.profiles;

import java.util.List;

/**
 * The canonical URL of each profile of the registry package, the one place the other modules take them from.
 * {@code RegistryVocabularyTest} fails when a constant names no profile of the package, or a profile has no constant.
 */
public final class RegistryProfiles {

    /** Adverse event. */
    public static final String ADVERSE_EVENT = url("rr-adverse-event");

    /** Eligibility. */
    public static final String ELIGIBILITY = url("rr-eligibility");

    /** Follow-up plan. */
    public static final String FOLLOW_UP_PLAN = url("rr-follow-up-plan");

    /** Function score. */
    public static final String FUNCTION_SCORE = url("rr-function-score");

    /** Neuromodulation device (DeviceDefinition). */
    public static final String NEUROMODULATION_DEVICE = url("rr-neuromodulation-device");

    /** A subject's implant or course of neuromodulation (Procedure). */
    public static final String NEUROMODULATION_PROCEDURE = url("rr-neuromodulation-procedure");

    /** A site's signed outcome package for one trial and one reporting period (Bundle). */
    public static final String OUTCOME_SUBMISSION = url("rr-outcome-submission");

    /** Pain score. */
    public static final String PAIN_SCORE = url("rr-pain-score");

    /** Investigational product. */
    public static final String PRODUCT = url("rr-product");

    /** A group's adverse events in a trial's results summary (Observation). */
    public static final String RESULT_ADVERSE_EVENTS = url("rr-result-adverse-events");

    /** A comparison between groups in a trial's results summary (Observation). */
    public static final String RESULT_COMPARISON = url("rr-result-comparison");

    /** A group's result in a trial's results summary (Observation). */
    public static final String RESULT_SUMMARY = url("rr-result-summary");

    /** Trial site. */
    public static final String SITE = url("rr-site");

    /** Trial subject. */
    public static final String SUBJECT = url("rr-subject");

    /** Therapy administration. */
    public static final String THERAPY_ADMINISTRATION = url("rr-therapy-administration");

    /** Trial. */
    public static final String TRIAL = url("rr-trial");

    /** The three profiles of a trial's registered results summary, which are read and replaced together. */
    public static final List<String> RESULTS = List.of(RESULT_SUMMARY, RESULT_COMPARISON, RESULT_ADVERSE_EVENTS);

    private RegistryProfiles() {}

    private static String url(String id) {
        return RegistryPackage.STRUCTURE_DEFINITIONS + id;
    }
}
