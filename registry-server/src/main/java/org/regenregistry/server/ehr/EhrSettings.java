package org.regenregistry.server.ehr;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.regenregistry.ehr.mapping.TherapyProduct;
import org.regenregistry.ehr.site.EhrFlavour;
import org.regenregistry.ehr.sync.SiteSpec;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The hospital EHRs the registry syncs with ({@code registry.ehr.sites.<id>.*}), one entry per site; secrets (the
 * private key, the pseudonym key) come from environment variables.
 *
 * @param lease how long a running sync holds its site against other registry instances without renewing
 */
@Validated
@ConfigurationProperties("registry.ehr")
public record EhrSettings(@DefaultValue Map<String, @Valid Site> sites, @DefaultValue("2m") @NotNull Duration lease) {

    /** What the registry reads from every site unless a site says otherwise. */
    public static final String DEFAULT_SCOPES = "system/Patient.rs system/Group.rs system/Condition.rs"
            + " system/Procedure.rs system/Observation.rs system/AdverseEvent.rs system/ResearchSubject.rs";

    /**
     * One hospital EHR.
     *
     * @param fhirBaseUrl the EHR's FHIR R4 base URL
     * @param clientId the registry's client id at the EHR (SMART Backend Services)
     * @param privateKey the PEM (PKCS#8) private key the client assertion is signed with, e.g. from an environment
     *     variable; or {@code privateKeyFile}
     * @param keyId the key's {@code kid} in the JWKS the EHR knows
     * @param flavour what the EHR can do: {@code epic}, {@code oracle-health} or {@code generic}
     * @param mode {@code read-only}, or {@code read-write} to push enrolments back (only where the flavour takes
     *     ResearchStudy and ResearchSubject writes; {@value SiteSpec#WRITE_SCOPES} is then asked for besides {@code scopes})
     * @param method {@code poll} ({@code _lastUpdated} searches) or {@code bulk} (Bulk Data {@code $export})
     * @param interval how often the site is synced; none: only when started through the admin API
     * @param groupId the EHR Group holding the trial's patients at this site
     * @param trial the registry ResearchStudy id the site's patients are enrolled in
     * @param pseudonymKey the secret the MRN hash and the registry pseudonym are keyed with (at least 32 characters)
     * @param mrnSystem the identifier system of the site's MRN; none: the identifier typed {@code MR}
     * @param arm the arm the site's patients are in when the EHR records no ResearchSubject with an assigned arm
     * @param products the EHR procedure codes that stand for an administration of the trial's product
     * @param overlap how far before its high-water mark each incremental read starts again, for edits committed late
     * @param fullSweepEvery how often the types whose {@code _lastUpdated} cannot be trusted are read in full
     */
    public record Site(
            @NotNull URI fhirBaseUrl,
            @NotBlank String clientId,
            String privateKey,
            Path privateKeyFile,
            String keyId,
            @DefaultValue(DEFAULT_SCOPES) @NotBlank String scopes,
            @DefaultValue("generic") @NotNull EhrFlavour flavour,
            @DefaultValue("read-only") @NotNull SiteSpec.Mode mode,
            @DefaultValue("poll") @NotNull SiteSpec.Method method,
            Duration interval,
            @NotBlank String groupId,
            @NotBlank String trial,
            @NotBlank String pseudonymKey,
            String mrnSystem,
            String arm,
            @DefaultValue List<@Valid Product> products,
            @DefaultValue("10m") @NotNull Duration overlap,
            @DefaultValue("24h") @NotNull Duration fullSweepEvery) {

        public Site {
            if (mode != null && flavour != null) {
                mode.requireSupportedBy(flavour);
            }
        }

        /** What the sync of the site works from; the private key is read from its file when it is not given. */
        SiteSpec spec(String id) {
            return new SiteSpec(
                    id,
                    fhirBaseUrl,
                    clientId,
                    privateKeyPem(),
                    keyId,
                    scopes,
                    flavour,
                    mode,
                    method,
                    groupId,
                    trial,
                    pseudonymKey,
                    mrnSystem,
                    arm,
                    products.stream().map(Product::therapyProduct).toList(),
                    overlap,
                    fullSweepEvery);
        }

        private String privateKeyPem() {
            if (privateKey != null && !privateKey.isBlank()) {
                return privateKey;
            }
            if (privateKeyFile == null) {
                throw new IllegalStateException(
                        "The site " + fhirBaseUrl + " has neither private-key nor private-key-file");
            }
            try {
                return Files.readString(privateKeyFile);
            } catch (IOException e) {
                throw new UncheckedIOException("The private key " + privateKeyFile + " could not be read", e);
            }
        }
    }

    /**
     * An EHR procedure that is an administration of a registry product.
     *
     * @param procedureSystem the procedure code's system, SNOMED CT unless said otherwise
     * @param product the registry BiologicallyDerivedProduct, e.g. {@code BiologicallyDerivedProduct/prp-knee-oa-product}
     * @param route the SNOMED CT route of administration
     * @param dose the dose given per administration, with {@code doseUnit} (UCUM)
     */
    public record Product(
            @DefaultValue("http://snomed.info/sct") @NotBlank String procedureSystem,
            @NotBlank String procedureCode,
            @NotBlank String product,
            String route,
            BigDecimal dose,
            String doseUnit) {

        TherapyProduct therapyProduct() {
            return new TherapyProduct(procedureSystem, procedureCode, product, route, dose, doseUnit);
        }
    }
}
