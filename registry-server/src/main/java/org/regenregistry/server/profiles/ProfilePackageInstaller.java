package org.regenregistry.server.profiles;

import ca.uhn.fhir.jpa.packages.IHapiPackageCacheManager;
import ca.uhn.fhir.jpa.packages.IPackageInstallerSvc;
import ca.uhn.fhir.jpa.packages.PackageInstallationSpec;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import org.hl7.fhir.utilities.npm.NpmPackage;
import org.regenregistry.profiles.RegistryPackage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Installs the registry's FHIR package from the classpath at start-up, before the server reports ready: profiles,
 * terminology and search parameters become part of the server (<a
 * href="https://hapifhir.io/hapi-fhir/docs/validation/package_registry.html">HAPI package installation</a>). Nothing
 * is fetched: the package is self-contained and depends only on FHIR R4 core, which HAPI carries.
 *
 * <p>A package already installed with the same version and the same content is left alone; a new version, or changed
 * content under the same version, is installed over it, so that {@code $validate} (which reads the database) and
 * write validation (which reads the classpath package) always agree. The search parameter cache is then refreshed so
 * that new search parameters answer at once.
 */
@Component
@Order(0)
class ProfilePackageInstaller implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ProfilePackageInstaller.class);

    private final IPackageInstallerSvc installer;
    private final IHapiPackageCacheManager packages;
    private final ISearchParamRegistry searchParams;

    ProfilePackageInstaller(
            IPackageInstallerSvc installer, IHapiPackageCacheManager packages, ISearchParamRegistry searchParams) {
        this.installer = installer;
        this.packages = packages;
        this.searchParams = searchParams;
    }

    @Override
    public void run(ApplicationArguments args) {
        NpmPackage packaged = RegistryPackage.load();
        String version = packaged.version();
        IHapiPackageCacheManager.PackageContents installed =
                packages.loadPackageContents(RegistryPackage.NAME, version);
        if (installed != null && sameContents(installed.getBytes(), packaged)) {
            log.info("FHIR package {}#{} is installed", RegistryPackage.NAME, version);
            return;
        }
        long started = System.nanoTime();
        PackageInstallationSpec spec = new PackageInstallationSpec()
                .setName(RegistryPackage.NAME)
                .setVersion(version)
                .setPackageUrl(RegistryPackage.CLASSPATH_URL)
                .setInstallMode(PackageInstallationSpec.InstallModeEnum.STORE_AND_INSTALL)
                .setFetchDependencies(false);
        spec.setReloadExisting(installed != null);
        installer.install(spec);
        searchParams.forceRefresh();
        log.info(
                "Installed FHIR package {}#{}{} in {} ms",
                RegistryPackage.NAME,
                version,
                installed != null ? " (content changed under the same version)" : "",
                (System.nanoTime() - started) / 1_000_000);
    }

    /** Whether an installed package archive holds exactly the conformance resources of the packaged one. */
    static boolean sameContents(byte[] installedTgz, NpmPackage packaged) {
        try {
            NpmPackage installed = NpmPackage.fromPackage(new ByteArrayInputStream(installedTgz));
            return sameFiles(
                    installed.getFolders().get("package").getContent(),
                    packaged.getFolders().get("package").getContent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean sameFiles(Map<String, byte[]> left, Map<String, byte[]> right) {
        return left.keySet().equals(right.keySet())
                && left.entrySet().stream().allMatch(file -> Arrays.equals(file.getValue(), right.get(file.getKey())));
    }
}
