package org.regenregistry.profiles;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.utilities.npm.NpmPackage;

/** The resources of the built package, read as the tests' HAPI model: {@code package/} and {@code package/example/}. */
final class PackageResources {

    private static final NpmPackage PACKAGE = RegistryPackage.load();

    private PackageResources() {}

    /** The JSON file names in {@code folder} ({@code package} or {@code example}), package.json left out. */
    static List<String> names(String folder) {
        try {
            return PACKAGE.list(folder).stream()
                    .filter(name -> name.endsWith(".json") && !name.equals("package.json"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Resource read(String folder, String name) {
        try (InputStream json = PACKAGE.load(folder, name)) {
            return (Resource) RegistryValidator.FHIR
                    .newJsonParser()
                    .parseResource(new String(json.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The conformance resources of one type. */
    static <T extends Resource> List<T> of(Class<T> type) {
        return names("package").stream()
                .map(name -> read("package", name))
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
    }
}
