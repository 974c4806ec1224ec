package org.regenregistry.server.audit;

import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The audit trail ({@code registry.audit.*}).
 *
 * @param sealInterval how often new audit records are linked into the hash chain
 * @param checkpointInterval how often the chain's head is signed (when it has moved)
 * @param unlinkedGrace how long a record may stay unlinked before verification reports it (a sealer that stopped, or
 *     a row written past the registry)
 * @param signingKey the registry's audit signing key, a private JWK (EC P-256) in a file outside the database; made
 *     on first start when the file does not exist
 */
@Validated
@ConfigurationProperties("registry.audit")
public record AuditSettings(
        @DefaultValue("1s") @NotNull Duration sealInterval,
        @DefaultValue("1m") @NotNull Duration checkpointInterval,
        @DefaultValue("2m") @NotNull Duration unlinkedGrace,
        @DefaultValue("data/audit-signing-key.jwk") @NotNull Path signingKey) {}
