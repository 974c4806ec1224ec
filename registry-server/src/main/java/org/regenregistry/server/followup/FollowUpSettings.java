package org.regenregistry.server.followup;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.LocalTime;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Long-term follow-up ({@code registry.follow-up.*}).
 *
 * @param dailyAt when (UTC) the daily job raises Tasks for contacts that have become overdue
 * @param lookback how far back a contact's window may have closed for the daily job to still raise its Task (older
 *     misses are in the report, not announced)
 * @param maxPlans the most follow-up plans one report or one pass of the job reads (a report over more is refused
 *     and asked to name a trial or a site)
 */
@Validated
@ConfigurationProperties("registry.follow-up")
public record FollowUpSettings(
        @DefaultValue("02:00") @NotNull LocalTime dailyAt,
        @DefaultValue("30d") @NotNull Duration lookback,
        @DefaultValue("20000") @Min(1) @Max(200000) int maxPlans) {}
