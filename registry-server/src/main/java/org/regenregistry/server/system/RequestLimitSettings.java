package org.regenregistry.server.system;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How much one request may ask of the registry ({@code registry.limits.*}), so that no request runs unbounded.
 *
 * @param maxBodySize the largest request body (larger ones get 413 before anything is parsed)
 * @param maxElements the most elements (JSON values, XML elements) one request body may hold (more get 413): each is
 *     parsed, validated and most are indexed, so a body of small elements costs far more than its size suggests
 * @param maxSearchClauses the most search clauses one search may carry: every value of every parameter, each
 *     comma-separated alternative counted (more get 400); each AND-ed clause is a join in the database query
 * @param timeout how long one database transaction, and so one request's database work, may take; its statements
 *     are cancelled after that and the request answers 503
 */
@Validated
@ConfigurationProperties("registry.limits")
public record RequestLimitSettings(
        @DefaultValue("10MB") @NotNull DataSize maxBodySize,
        @DefaultValue("100000") @Min(1) long maxElements,
        @DefaultValue("40") @Min(1) int maxSearchClauses,
        @DefaultValue("60s") @NotNull Duration timeout) {}
