package org.regenregistry.server.support;

import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.GetResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.BeforeEach;
import org.regenregistry.search.trial.TrialDocument;
import org.regenregistry.search.trial.TrialIndex;
import org.regenregistry.server.indexing.SearchNode;
import org.regenregistry.server.indexing.TrialOutbox;
import org.springframework.beans.factory.annotation.Autowired;

/** Integration-test base with access to the trial index the registry writes to and to its outbox. */
public abstract class SearchIndexSupport extends RegistryClientSupport {

    protected static final Duration INDEXED_WITHIN = Duration.ofSeconds(30);
    protected static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    protected SearchNode searchNode;

    @Autowired
    protected TrialOutbox outbox;

    /** The example trials are in the database, and every write before this test has reached the index. */
    @BeforeEach
    void examplesIndexed() {
        ExampleTrials.ensureLoaded(client);
        awaitOutboxDrained();
    }

    /** Creates {@code count} conforming trials in one transaction through {@code fhir}; returns their ids. */
    protected static List<String> writeTrials(IGenericClient fhir, String identifierPrefix, int count) {
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        IntStream.range(0, count).forEach(index -> transaction
                .addEntry()
                .setResource(ExampleTrials.newTrial(identifierPrefix + index))
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("ResearchStudy"));
        return fhir.transaction().withBundle(transaction).execute().getEntry().stream()
                .map(entry -> entry.getResponse().getLocation().split("/")[1])
                .toList();
    }

    protected ElasticsearchClient elasticsearch() {
        return searchNode.index().client();
    }

    /** The trial's document in the live index, or {@code null}. */
    protected TrialDocument indexed(String trialId) {
        try {
            GetResponse<TrialDocument> found =
                    elasticsearch().get(get -> get.index(TrialIndex.ALIAS).id(trialId), TrialDocument.class);
            return found.found() ? found.source() : null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the trial's document satisfies {@code expectation}; returns it. */
    protected TrialDocument awaitIndexed(String trialId, Predicate<TrialDocument> expectation) {
        return await().atMost(INDEXED_WITHIN)
                .until(() -> indexed(trialId), document -> document != null && expectation.test(document));
    }

    /**
     * Waits until exactly {@code expected} trials with a registry identifier starting with {@code prefix} are
     * searchable (a search sees writes after the index's next refresh, a read by id at once).
     */
    protected void awaitSearchableCount(String prefix, long expected) {
        await().atMost(INDEXED_WITHIN).until(() -> searchableCount(prefix), count -> count == expected);
    }

    private long searchableCount(String prefix) throws IOException {
        return elasticsearch()
                .count(count -> count.index(TrialIndex.ALIAS)
                        .query(query -> query.prefix(p -> p.field("identifiers").value(prefix))))
                .count();
    }

    /** Waits until every committed write has reached the index. */
    protected void awaitOutboxDrained() {
        await().atMost(INDEXED_WITHIN).until(() -> outbox.depth() == 0);
    }
}
