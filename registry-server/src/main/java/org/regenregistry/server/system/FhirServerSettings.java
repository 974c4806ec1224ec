package org.regenregistry.server.system;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What the FHIR endpoint at {@code /fhir} lets clients do ({@code registry.fhir.*}).
 *
 * @param serverAddress the public base URL written into links and {@code Location} headers; empty means "the
 *     address the request came in on"
 * @param defaultPageSize search page size when a client gives no {@code _count}
 * @param maxPageSize the largest {@code _count} honoured
 * @param maxBundleEntries the most entries a transaction or batch Bundle may carry (larger ones get 413)
 * @param autoVersionReferencePaths references stored version-specific, so that an audit can see exactly which
 *     version a {@code Provenance} speaks for (<a href="https://hl7.org/fhir/R4/provenance.html">Provenance</a>)
 */
@Validated
@ConfigurationProperties("registry.fhir")
public record FhirServerSettings(
        @DefaultValue("") String serverAddress,
        @DefaultValue("20") @Min(1) int defaultPageSize,
        @DefaultValue("500") @Min(1) int maxPageSize,
        @DefaultValue("1000") @Min(1) int maxBundleEntries,
        @DefaultValue("Provenance.target") @NotNull Set<String> autoVersionReferencePaths) {}
