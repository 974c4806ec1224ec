package org.regenregistry.profiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.hl7.fhir.utilities.npm.NpmPackage;

/**
 * The regen-registry FHIR package: where it sits on the classpath, its name and canonical base. The URLs of what it
 * defines are {@link RegistryProfiles}, {@link RegistryExtensions}, {@link RegistryCodeSystems} and
 * {@link RegistryIdentifierSystems}.
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

    /** The prefix of every profile and extension URL of the package. */
    public static final String STRUCTURE_DEFINITIONS = CANONICAL + "/StructureDefinition/";

    private RegistryPackage() {}

    /** Reads the package from the classpath. */
    public static NpmPackage load() {
        try (InputStream tgz =
                RegistryPackage.class.getResourceAsStream(CLASSPATH_URL.substring("classpath:".length()))) {
            if (tgz == null) {
                throw new IllegalStateException("The registry FHIR package is missing from the classpath");
            }
            return NpmPackage.fromPackage(tgz);
        } catch (IOException e) {
            throw new UncheckedIOException("The registry FHIR package could not be read", e);
        }
    }
}
