package org.regenregistry.server.ehr;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.regenregistry.ehr.bulk.BulkExportClient;
import org.regenregistry.ehr.bulk.BulkExportSettings;
import org.regenregistry.ehr.http.FhirTransport;
import org.regenregistry.ehr.http.ResiliencePolicy;
import org.regenregistry.ehr.http.ResilientTransport;
import org.regenregistry.ehr.push.EnrolmentPusher;
import org.regenregistry.ehr.smart.BackendServicesClient;
import org.regenregistry.ehr.smart.SigningKey;
import org.springframework.stereotype.Component;

/**
 * One authenticated, resilient connection per site, kept across its syncs: the access token is reused until shortly
 * before it expires, and the site's circuit breaker remembers a site that keeps failing.
 */
@Component
class SiteConnections {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final Map<String, FhirTransport> transports = new ConcurrentHashMap<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();

    FhirTransport transport(SiteContext site) {
        return transports.computeIfAbsent(site.id(), id -> connect(site.settings()));
    }

    /** A Bulk Data client for the site, on the same connection and limited to the export levels of its flavour. */
    BulkExportClient bulk(SiteContext site) {
        return new BulkExportClient(
                transport(site),
                http,
                BulkExportSettings.defaults(site.settings().flavour().exportLevels()));
    }

    /** Writes the registry's enrolments to the site, on the same connection. */
    EnrolmentPusher pusher(SiteContext site) {
        return new EnrolmentPusher(transport(site), site.settings().flavour());
    }

    private FhirTransport connect(EhrSettings.Site site) {
        ResiliencePolicy policy = ResiliencePolicy.defaults();
        return new ResilientTransport(
                new BackendServicesClient(
                        http,
                        site.fhirBaseUrl(),
                        site.clientId(),
                        site.requestedScopes(),
                        signingKey(site),
                        policy.requestTimeout(),
                        Clock.systemUTC()),
                policy);
    }

    private static SigningKey signingKey(EhrSettings.Site site) {
        if (site.privateKey() != null && !site.privateKey().isBlank()) {
            return SigningKey.fromPem(site.privateKey(), site.keyId());
        }
        if (site.privateKeyFile() == null) {
            throw new IllegalStateException(
                    "The site " + site.fhirBaseUrl() + " has neither private-key nor" + " private-key-file");
        }
        try {
            return SigningKey.fromPemFile(site.privateKeyFile(), site.keyId());
        } catch (IOException e) {
            throw new UncheckedIOException("The private key " + site.privateKeyFile() + " could not be read", e);
        }
    }
}
