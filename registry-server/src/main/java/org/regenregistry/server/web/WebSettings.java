package org.regenregistry.server.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The web app's bounds ({@code registry.web.*}).
 *
 * @param exportLimit the most trials one CSV export lists; a search that matches more is asked to narrow (the trial
 *     index pages through at most 10,000 hits)
 * @param compareLimit the most trials one comparison puts side by side
 */
@Validated
@ConfigurationProperties("registry.web")
public record WebSettings(
        @DefaultValue("10000") @Min(1) @Max(10_000) int exportLimit,
        @DefaultValue("4") @Min(2) @Max(10) int compareLimit) {}
