package org.regenregistry.server;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Arrays;
import java.util.stream.Stream;
import org.regenregistry.ehr.mapping.TherapyProduct;
import org.regenregistry.ehr.site.EhrFlavour;

/** The package rules of the house style, checked on every build. */
@AnalyzeClasses(packages = "org.regenregistry.server", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule featurePackagesDoNotDependOnEachOtherInCycles =
            slices().matching("org.regenregistry.server.(*)..").should().beFreeOfCycles();

    /** The server's feature packages; a new one is named here, with a {@code package-info.java} saying what it owns. */
    private static final String[] FEATURES = {
        "org.regenregistry.server.access..",
        "org.regenregistry.server.audit..",
        "org.regenregistry.server.ctgov..",
        "org.regenregistry.server.ehr..",
        "org.regenregistry.server.indexing..",
        "org.regenregistry.server.followup..",
        "org.regenregistry.server.jobs..",
        "org.regenregistry.server.outcomes..",
        "org.regenregistry.server.profiles..",
        "org.regenregistry.server.request..",
        "org.regenregistry.server.results..",
        "org.regenregistry.server.security..",
        "org.regenregistry.server.subscription..",
        "org.regenregistry.server.submission..",
        "org.regenregistry.server.trial..",
        "org.regenregistry.server.web.."
    };

    @ArchTest
    static final ArchRule everyClassIsInTheWiringOrANamedFeature = classes()
            .should()
            .resideInAnyPackage(concat("org.regenregistry.server", "org.regenregistry.server.system.."));

    @ArchTest
    static final ArchRule theHapiWiringKnowsNoFeature = noClasses()
            .that()
            .resideInAPackage("org.regenregistry.server.system..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(FEATURES);

    /** EHR sync is used through its facade package; the adapters' other packages are its internals. */
    @ArchTest
    static final ArchRule ehrAdaptersAreUsedThroughTheirFacade = noClasses()
            .should()
            .dependOnClassesThat(resideInAPackage("org.regenregistry.ehr..")
                    .and(not(resideInAPackage("org.regenregistry.ehr.sync")))
                    .and(not(type(EhrFlavour.class)))
                    .and(not(type(TherapyProduct.class))));

    @ArchTest
    static final ArchRule noLayerPackages =
            noClasses().should().resideInAnyPackage("..controller..", "..service..", "..dto..", "..util..");

    private static String[] concat(String... wiring) {
        return Stream.concat(Arrays.stream(wiring), Arrays.stream(FEATURES)).toArray(String[]::new);
    }
}
