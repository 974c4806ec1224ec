package org.regenregistry.server.submission;

import jakarta.validation.constraints.Min;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Outcome submissions ({@code registry.submissions.*}). A site's submission is signed by a key registered for that
 * site: a key of one of its clients ({@code registry.security.clients.<id>.jwks} or {@code jwks-url}), or a signing
 * key of its investigators named here (the way to register keys when an external issuer knows the clients).
 *
 * @param signers the public keys of each site's signers, as a JWK Set (JSON) by site
 * @param maxRecords the most records one submission may hold: 1,000 are received in about 20 s on two cores, well
 *     within one request's database time ({@code registry.limits.timeout})
 */
@Validated
@ConfigurationProperties("registry.submissions")
public record SubmissionSettings(
        @DefaultValue Map<String, String> signers, @DefaultValue("1000") @Min(1) int maxRecords) {}
