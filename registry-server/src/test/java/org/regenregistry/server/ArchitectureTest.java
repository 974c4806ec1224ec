package org.regenregistry.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The package rules of the house style, checked on every build. */
@AnalyzeClasses(packages = "org.regenregistry.server", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule featurePackagesDoNotDependOnEachOtherInCycles =
            slices().matching("org.regenregistry.server.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule theHapiWiringKnowsNoFeature = noClasses()
            .that()
            .resideInAPackage("org.regenregistry.server.system..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.regenregistry.server.request..",
                    "org.regenregistry.server.profiles..",
                    "org.regenregistry.server.subscription..",
                    "org.regenregistry.server.jobs..");

    @ArchTest
    static final ArchRule noLayerPackages =
            noClasses().should().resideInAnyPackage("..controller..", "..service..", "..dto..", "..util..");
}
