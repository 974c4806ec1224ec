package org.regenregistry.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.ImplementationGuide;
import org.hl7.fhir.r4.model.ImplementationGuide.ImplementationGuideDefinitionPageComponent;
import org.hl7.fhir.r4.model.ImplementationGuide.ImplementationGuideDefinitionResourceComponent;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/**
 * The package's ImplementationGuide lists exactly what the package holds (each conformance resource, each example
 * with the profile it illustrates) and pages that exist, so a guide generated once cannot drift from the package.
 * {@code tools/profile_pages.py} writes both the resource and the pages.
 *
 * @see <a href="https://hl7.org/fhir/R4/implementationguide.html">ImplementationGuide</a>
 */
class ImplementationGuideTest {

    private static final Path PAGES = Path.of("..", "docs", "profiles");

    @Test
    void theGuideListsEveryResourceOfThePackageOnce() {
        ImplementationGuide guide = guide();
        Map<String, Resource> held = new HashMap<>();
        Set<String> examples = new HashSet<>();
        for (String folder : List.of("package", "example")) {
            for (String name : PackageResources.names(folder)) {
                Resource resource = PackageResources.read(folder, name);
                String key = resource.fhirType() + "/" + resource.getIdPart();
                if (!(resource instanceof ImplementationGuide)) {
                    held.put(key, resource);
                }
                if (folder.equals("example")) {
                    examples.add(key);
                }
            }
        }

        List<String> listed = guide.getDefinition().getResource().stream()
                .map(entry -> entry.getReference().getReference())
                .toList();

        assertThat(listed).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(held.keySet());
        for (ImplementationGuideDefinitionResourceComponent entry :
                guide.getDefinition().getResource()) {
            String key = entry.getReference().getReference();
            List<CanonicalType> profiles = held.get(key).getMeta().getProfile();
            if (!examples.contains(key)) {
                assertThat(entry.getExampleBooleanType().booleanValue()).as(key).isFalse();
            } else if (profiles.isEmpty()) {
                assertThat(entry.getExampleBooleanType().booleanValue()).as(key).isTrue();
            } else {
                assertThat(entry.getExampleCanonicalType().getValue())
                        .as(key)
                        .isEqualTo(profiles.get(0).getValue());
            }
        }
    }

    @Test
    void theGuideIsThePackagesAndEveryPageExists() throws IOException {
        ImplementationGuide guide = guide();
        List<String> pages = new ArrayList<>();
        collect(guide.getDefinition().getPage(), pages);

        assertThat(guide.getPackageId()).isEqualTo(RegistryPackage.NAME);
        assertThat(guide.getVersion()).isEqualTo(RegistryPackage.load().version());
        assertThat(guide.getUrl()).startsWith(RegistryPackage.CANONICAL + "/ImplementationGuide/");
        assertThat(pages)
                .contains("README.md", "extensions.md", "terminology.md", "search-parameters.md", "examples.md")
                .allSatisfy(page -> assertThat(PAGES.resolve(page)).isRegularFile());
        try (var onDisk = Files.list(PAGES)) {
            assertThat(onDisk.map(path -> path.getFileName().toString())).containsExactlyInAnyOrderElementsOf(pages);
        }
    }

    private static void collect(ImplementationGuideDefinitionPageComponent page, List<String> pages) {
        pages.add(page.getNameUrlType().getValue());
        page.getPage().forEach(child -> collect(child, pages));
    }

    private static ImplementationGuide guide() {
        return (ImplementationGuide)
                PackageResources.read("package", "ImplementationGuide-" + RegistryPackage.NAME + ".json");
    }
}
