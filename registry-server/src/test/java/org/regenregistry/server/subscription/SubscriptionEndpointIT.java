package org.regenregistry.server.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Subscription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.regenregistry.server.support.FhirHttp;
import org.regenregistry.server.support.RegistryClientSupport;
import org.springframework.beans.factory.annotation.Value;

/**
 * The registry delivers rest-hooks only to the receivers it is configured for ({@code application-it.yaml} allows
 * {@code localhost}, over http, for the tests' listeners): a Subscription to any other host, its own Elasticsearch
 * node's address among them, is refused on every write path and nothing is stored.
 */
class SubscriptionEndpointIT extends RegistryClientSupport {

    @Value("${registry.search.elasticsearch.uris}")
    private String elasticsearch;

    private IdType allowed;

    @AfterEach
    void deleteAllowed() {
        if (allowed != null) {
            client.delete().resourceById(allowed).execute();
        }
    }

    @Test
    void aSubscriptionToAHostOffTheListIsRefusedAndNotStored() {
        long before = stored();

        HttpResponse<String> refused = fhir.post("Subscription", FhirHttp.FHIR_JSON, json("https://evil.example/x"));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(fhir.diagnostics(refused))
                .contains("Subscription.channel.endpoint")
                .contains("registry.subscriptions.allowed-hosts");
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void aSubscriptionToTheRegistrysOwnElasticsearchNodeIsRefused() {
        URI node = URI.create(elasticsearch.split(",")[0]);
        long before = stored();

        HttpResponse<String> refused = fhir.post(
                "Subscription", FhirHttp.FHIR_JSON, json("http://127.0.0.1:" + node.getPort() + "/trials/_doc/x"));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void aTransactionCarryingARefusedSubscriptionStoresNothing() {
        long before = stored();
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        transaction
                .addEntry()
                .setResource(subscription("http://localhost:1/ok"))
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Subscription");
        transaction
                .addEntry()
                .setResource(subscription("https://169.254.169.254/latest/meta-data"))
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Subscription");

        HttpResponse<String> refused = fhir.post("", FhirHttp.FHIR_JSON, fhir.json(transaction));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(stored()).isEqualTo(before);
    }

    @Test
    void anAllowedSubscriptionCannotBeMovedToARefusedEndpoint() {
        allowed = (IdType) client.create()
                .resource(subscription("http://localhost:1/ok"))
                .execute()
                .getId()
                .toUnqualifiedVersionless();
        Subscription moved = subscription("https://evil.example/x");
        moved.setId(allowed);

        HttpResponse<String> refused =
                fhir.put("Subscription/" + allowed.getIdPart(), FhirHttp.FHIR_JSON, fhir.json(moved));

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(client.read()
                        .resource(Subscription.class)
                        .withId(allowed)
                        .execute()
                        .getChannel()
                        .getEndpoint())
                .isEqualTo("http://localhost:1/ok");
    }

    private long stored() {
        return fhir.parse(
                        Bundle.class, fhir.get("Subscription/_history?_count=1").body())
                .getTotal();
    }

    private String json(String endpoint) {
        return fhir.json(subscription(endpoint));
    }

    private static Subscription subscription(String endpoint) {
        Subscription subscription = new Subscription()
                .setStatus(Subscription.SubscriptionStatus.OFF)
                .setReason("Tell the site's EHR about new subjects")
                .setCriteria("ResearchSubject?status=on-study");
        subscription
                .getChannel()
                .setType(Subscription.SubscriptionChannelType.RESTHOOK)
                .setEndpoint(endpoint)
                .setPayload("application/fhir+json");
        return subscription;
    }
}
