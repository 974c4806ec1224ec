package org.regenregistry.profiles;

/**
 * The regen-registry FHIR package: where it sits on the classpath and the canonical URLs of its profiles.
 *
 * <p>The package follows the <a href="https://confluence.hl7.org/display/FHIR/NPM+Package+Specification">FHIR NPM
 * package specification</a>: {@code package/package.json}, the conformance resources in {@code package/} and the
 * examples in {@code package/example/}.
 */
public final class RegistryPackage {

    /** The package's location on the classpath, in the form HAPI's package installer accepts. */
    public static final String CLASSPATH_URL = "classpath:/org/regenregistry/fhir/package.tgz";

    public static final String NAME = "org.regenregistry.fhir";
    public static final String CANONICAL = "https://regen-registry.org/fhir";

    public static final String TRIAL = profile("rr-trial");
    public static final String ELIGIBILITY = profile("rr-eligibility");
    public static final String SITE = profile("rr-site");
    public static final String PRODUCT = profile("rr-product");
    public static final String SUBJECT = profile("rr-subject");
    public static final String THERAPY_ADMINISTRATION = profile("rr-therapy-administration");
    public static final String PAIN_SCORE = profile("rr-pain-score");
    public static final String FUNCTION_SCORE = profile("rr-function-score");
    public static final String ADVERSE_EVENT = profile("rr-adverse-event");
    public static final String FOLLOW_UP_PLAN = profile("rr-follow-up-plan");

    private RegistryPackage() {}

    private static String profile(String id) {
        return CANONICAL + "/StructureDefinition/" + id;
    }
}
