package org.regenregistry.server.profiles;

import ca.uhn.fhir.jpa.packages.IHapiPackageCacheManager;
import ca.uhn.fhir.jpa.packages.IPackageInstallerSvc;
import ca.uhn.fhir.jpa.packages.PackageInstallationSpec;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
 * <p>A version already in the database is not stored again; a new version is installed over the old one, and the
 * search parameter cache is refreshed so that new search parameters answer at once.
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
        String version = packagedVersion();
        if (packages.loadPackageContents(RegistryPackage.NAME, version) != null) {
            log.info("FHIR package {}#{} is installed", RegistryPackage.NAME, version);
            return;
        }
        long started = System.nanoTime();
        installer.install(new PackageInstallationSpec()
                .setName(RegistryPackage.NAME)
                .setVersion(version)
                .setPackageUrl(RegistryPackage.CLASSPATH_URL)
                .setInstallMode(PackageInstallationSpec.InstallModeEnum.STORE_AND_INSTALL)
                .setFetchDependencies(false));
        searchParams.forceRefresh();
        log.info(
                "Installed FHIR package {}#{} in {} ms",
                RegistryPackage.NAME,
                version,
                (System.nanoTime() - started) / 1_000_000);
    }

    static String packagedVersion() {
        String resource = RegistryPackage.CLASSPATH_URL.substring("classpath:/".length());
        try (InputStream tgz = ProfilePackageInstaller.class.getClassLoader().getResourceAsStream(resource)) {
            if (tgz == null) {
                throw new IllegalStateException("The registry FHIR package is missing from the classpath: " + resource);
            }
            return NpmPackage.fromPackage(tgz).version();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
