package org.regenregistry.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

/**
 * A whole example trial as a hospital submits a new one: every resource of the PRP example (sponsor, site,
 * eligibility, product, study, patients, subjects, scores, administration, adverse event, follow-up plan) a POST
 * entry of one transaction, referring to each other by {@code urn:uuid}, all declaring their registry profiles.
 */
public final class TrialTransactions {

    private TrialTransactions() {}

    /** The PRP example trial as a POST transaction whose identifiers all end in {@code suffix}. */
    public static Bundle newTrial(String suffix) {
        Bundle source = ExampleTrials.bundle("prp-knee-oa");
        Map<String, String> urns = new HashMap<>();
        source.getEntry()
                .forEach(entry -> urns.put(
                        entry.getResource().fhirType() + "/"
                                + entry.getResource().getIdElement().getIdPart(),
                        "urn:uuid:" + UUID.randomUUID()));
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (Bundle.BundleEntryComponent entry : source.getEntry()) {
            Resource resource = entry.getResource();
            String urn =
                    urns.get(resource.fhirType() + "/" + resource.getIdElement().getIdPart());
            resource.setId((String) null);
            resource.getMeta().setVersionId(null).setLastUpdated(null);
            pointAt(resource, urns);
            identifiers(resource).forEach(identifier -> identifier.setValue(identifier.getValue() + "-" + suffix));
            transaction
                    .addEntry()
                    .setFullUrl(urn)
                    .setResource(resource)
                    .getRequest()
                    .setMethod(Bundle.HTTPVerb.POST)
                    .setUrl(resource.fhirType());
        }
        return transaction;
    }

    /**
     * Posts {@code bundles} new trials from {@code clients} concurrent clients; every one must answer 200. Answers
     * the ids of the trials created.
     */
    public static List<String> postConcurrently(FhirHttp fhir, String suffix, int bundles, int clients)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<HttpResponse<String>>> answers = IntStream.range(0, bundles)
                    .mapToObj(index -> pool.submit(
                            () -> fhir.post("", FhirHttp.FHIR_JSON, fhir.json(newTrial(suffix + "-" + index)))))
                    .toList();
            List<String> trials = new ArrayList<>();
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get();
                assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                fhir.parse(Bundle.class, response.body()).getEntry().stream()
                        .map(entry -> entry.getResponse().getLocation())
                        .filter(location -> location.startsWith("ResearchStudy/"))
                        .forEach(location -> trials.add(location.split("/")[1]));
            }
            return trials;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void pointAt(Base element, Map<String, String> urns) {
        if (element instanceof Reference reference && urns.containsKey(reference.getReference())) {
            reference.setReference(urns.get(reference.getReference()));
        }
        for (Property property : element.children()) {
            for (Base value : property.getValues()) {
                pointAt(value, urns);
            }
        }
    }

    private static List<Identifier> identifiers(Resource resource) {
        return resource.children().stream()
                .filter(property -> property.getName().equals("identifier"))
                .flatMap(property -> property.getValues().stream())
                .map(Identifier.class::cast)
                .filter(Identifier::hasValue)
                .toList();
    }
}
