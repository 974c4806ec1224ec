package org.regenregistry.server.ctgov;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * ClinicalTrials.gov imports ({@code registry.ctgov.*}).
 *
 * @param importDirectory the folder whose files and subfolders an import may name by path; none: uploads only
 * @param maxUpload the largest upload an import takes (a larger one is refused with 413)
 * @param apiUrl the ClinicalTrials.gov API v2 a search import asks
 * @param apiInterval the least time between two requests to it (ClinicalTrials.gov allows about 50 a minute)
 */
@Validated
@ConfigurationProperties("registry.ctgov")
public record CtgovSettings(
        Path importDirectory,
        @DefaultValue("256MB") @NotNull DataSize maxUpload,
        @DefaultValue("https://clinicaltrials.gov/api/v2") @NotNull URI apiUrl,
        @DefaultValue("1200ms") @NotNull Duration apiInterval) {}
