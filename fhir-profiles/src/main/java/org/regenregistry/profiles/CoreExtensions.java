package org.regenregistry.profiles;

/** The URLs of the FHIR core extensions the registry's profiles use, the one place the other modules take them from. */
public final class CoreExtensions {

    /**
     * How a registry record names its trial (pain and function scores, administrations, result records):
     * https://hl7.org/fhir/R4/extension-workflow-researchstudy.html
     */
    public static final String RESEARCH_STUDY = "http://hl7.org/fhir/StructureDefinition/workflow-researchStudy";

    private CoreExtensions() {}
}
