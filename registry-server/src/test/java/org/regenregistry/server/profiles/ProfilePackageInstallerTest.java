package org.regenregistry.server.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.junit.jupiter.api.Test;
import org.regenregistry.profiles.RegistryPackage;

/** The installer's test of "already installed": same version is not enough, the content must be the same. */
class ProfilePackageInstallerTest {

    @Test
    void thePackagedArchiveHasTheSameContentsAsItself() throws IOException {
        assertThat(ProfilePackageInstaller.sameContents(packagedBytes(), RegistryPackage.load()))
                .isTrue();
    }

    @Test
    void aChangedResourceUnderTheSameVersionIsDifferentContent() throws IOException {
        NpmPackage changed = RegistryPackage.load();
        byte[] trial = changed.getFolders().get("package").getContent().get("StructureDefinition-rr-trial.json");
        changed.getFolders()
                .get("package")
                .getContent()
                .put(
                        "StructureDefinition-rr-trial.json",
                        new String(trial).replace("Trial", "Study").getBytes());

        assertThat(ProfilePackageInstaller.sameContents(packagedBytes(), changed))
                .isFalse();
        assertThat(changed.version()).isEqualTo(RegistryPackage.load().version());
    }

    private static byte[] packagedBytes() throws IOException {
        try (InputStream tgz = ProfilePackageInstallerTest.class.getResourceAsStream(
                RegistryPackage.CLASSPATH_URL.substring("classpath:".length()))) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            tgz.transferTo(bytes);
            return bytes.toByteArray();
        }
    }
}
