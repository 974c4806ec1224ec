package org.regenregistry.server.jobs;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Background jobs ({@code registry.jobs.*}): Bulk Data {@code $export}, reindexing.
 *
 * @param maintenanceInterval how often HAPI's Batch2 maintenance pass moves jobs from step to step; each step of an
 *     export waits for it, so it bounds how soon a small export is ready
 */
@Validated
@ConfigurationProperties("registry.jobs")
public record JobSettings(@DefaultValue("5s") @NotNull Duration maintenanceInterval) {}
