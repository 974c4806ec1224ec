package org.regenregistry.server.outcomes;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.LocalTime;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Outcome summaries ({@code registry.outcomes.*}).
 *
 * @param batchSize trials a summarizer claims at once
 * @param interval how long the summarizer waits for a change before it looks at the outbox anyway
 * @param lease how long a claim holds before another instance may take the trial
 * @param maxScores a trial's scores read for one summary, at most (a bound on one recomputation)
 * @param maxAnalysedTrials trials one pooled analysis reads, at most
 * @param refreshAt when (UTC) every summarised trial is recomputed once a day: windows close with time, and a subject
 *     without a score becomes missing without any write
 */
@Validated
@ConfigurationProperties("registry.outcomes")
public record OutcomeSettings(
        @DefaultValue("20") @Min(1) @Max(1000) int batchSize,
        @DefaultValue("1s") @NotNull Duration interval,
        @DefaultValue("60s") @NotNull Duration lease,
        @DefaultValue("200000") @Min(1) int maxScores,
        @DefaultValue("5000") @Min(1) @Max(9999) int maxAnalysedTrials,
        @DefaultValue("03:00") @NotNull LocalTime refreshAt) {}
