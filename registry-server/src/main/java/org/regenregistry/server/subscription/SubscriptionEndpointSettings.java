package org.regenregistry.server.subscription;

import jakarta.validation.constraints.NotNull;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where rest-hook subscriptions may deliver ({@code registry.subscriptions.*}). The registry POSTs stored records to
 * a subscription's endpoint, so an endpoint is a request the registry makes on a client's behalf: without these
 * limits anyone could have it deliver patients to any address it reaches, its own Elasticsearch node included.
 *
 * @param allowedHosts the host names an endpoint may name, exactly or as {@code *.example.org} for any host below
 *     that domain; none by default, so no rest-hook is accepted until an operator names the receivers
 * @param allowHttp whether plain {@code http} endpoints are accepted (otherwise {@code https} only)
 * @param allowPrivateAddresses whether an endpoint may resolve to a loopback, link-local, private or otherwise
 *     non-public address
 */
@Validated
@ConfigurationProperties("registry.subscriptions")
public record SubscriptionEndpointSettings(
        @DefaultValue({}) @NotNull Set<String> allowedHosts,
        @DefaultValue("false") boolean allowHttp,
        @DefaultValue("false") boolean allowPrivateAddresses) {}
