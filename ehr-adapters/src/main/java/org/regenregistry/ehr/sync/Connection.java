package org.regenregistry.ehr.sync;

import java.net.http.HttpClient;
import java.time.Clock;
import org.regenregistry.ehr.bulk.BulkExportClient;
import org.regenregistry.ehr.bulk.BulkExportSettings;
import org.regenregistry.ehr.http.FhirTransport;
import org.regenregistry.ehr.http.ResiliencePolicy;
import org.regenregistry.ehr.http.ResilientTransport;
import org.regenregistry.ehr.push.EnrolmentPusher;
import org.regenregistry.ehr.smart.BackendServicesClient;
import org.regenregistry.ehr.smart.SigningKey;

/**
 * One authenticated, resilient connection to a site, kept across its syncs: the access token is reused until shortly
 * before it expires, and the site's circuit breaker remembers a site that keeps failing.
 */
final class Connection {

    private final SiteSpec site;
    private final HttpClient http;
    private final FhirTransport transport;

    Connection(SiteSpec site, HttpClient http, ResiliencePolicy policy, Clock clock) {
        this.site = site;
        this.http = http;
        this.transport = new ResilientTransport(
                new BackendServicesClient(
                        http,
                        site.fhirBaseUrl(),
                        site.clientId(),
                        site.requestedScopes(),
                        SigningKey.fromPem(site.privateKeyPem(), site.keyId()),
                        policy.requestTimeout(),
                        clock),
                policy);
    }

    SiteSpec site() {
        return site;
    }

    FhirTransport transport() {
        return transport;
    }

    /** A Bulk Data client for the site, on the same connection and limited to the export levels of its flavour. */
    BulkExportClient bulk() {
        return new BulkExportClient(
                transport, http, BulkExportSettings.defaults(site.flavour().exportLevels()));
    }

    /** Writes the registry's enrolments to the site, on the same connection. */
    EnrolmentPusher pusher() {
        return new EnrolmentPusher(transport, site.flavour());
    }
}
