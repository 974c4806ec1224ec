package org.regenregistry.server.indexing;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.ResearchStudy;
import org.junit.jupiter.api.Test;
import org.regenregistry.search.trial.TrialRecord;
import org.regenregistry.server.support.ExampleTrials;
import org.regenregistry.server.support.SearchIndexSupport;
import org.regenregistry.server.system.SearchResults;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The rebuild reads HAPI's resource tables directly ({@link TrialRecords#readAll}), which HAPI may change in any
 * version: this fails, naming the table or column in the database's error, when the tables no longer are what it
 * reads, and fails on the first trial that the tables give otherwise than HAPI's own DAO.
 */
class HapiTablesIT extends SearchIndexSupport {

    @Autowired
    private TrialRecords records;

    @Autowired
    private DaoRegistry daos;

    @Autowired
    private FhirContext fhirContext;

    @Test
    void theRebuildReadsEveryTrialFromHapisTablesAsHapisDaoReadsIt() {
        IdType updated = create(ExampleTrials.newTrial("RR-HAPI-TABLES-0001"));
        ResearchStudy second = (ResearchStudy)
                client.read().resource(ResearchStudy.class).withId(updated).execute();
        client.update()
                .resource(second.setTitle("A second version, so the tables hold two"))
                .execute();
        Map<String, ResearchStudy> fromDao = storedTrials();

        List<TrialRecord> fromTables = new ArrayList<>();
        records.readAll(Map.of(), TrialIndexRebuild.PAGE_SIZE, fromTables::addAll);

        assertThat(fromTables)
                .extracting(record -> record.study().getIdPart())
                .containsExactlyInAnyOrderElementsOf(fromDao.keySet());
        for (TrialRecord record : fromTables) {
            ResearchStudy expected = fromDao.get(record.study().getIdPart());
            assertThat(content(record.study()))
                    .as("trial %s as read from HAPI's tables", expected.getIdElement())
                    .isEqualTo(content(expected));
            assertThat(record.study().getIdElement().getValue())
                    .isEqualTo(expected.getIdElement().getValue());
            assertThat(record.study().getMeta().getLastUpdated())
                    .hasSameTimeAs(expected.getMeta().getLastUpdated());
        }
        Map<String, Long> versions = new HashMap<>();
        fromDao.forEach((id, study) -> versions.put(id, study.getIdElement().getVersionIdPartAsLong()));
        assertThat(records.versions()).isEqualTo(versions);
        assertThat(records.count()).isEqualTo(fromDao.size());
        assertThat(records.versions().get(updated.getIdPart())).isEqualTo(2L);
    }

    private Map<String, ResearchStudy> storedTrials() {
        SearchParameterMap all = SearchParameterMap.newSynchronous();
        all.setLoadSynchronousUpTo(Integer.MAX_VALUE);
        Map<String, ResearchStudy> trials = new HashMap<>();
        for (IBaseResource found :
                SearchResults.all(daos.getResourceDao(ResearchStudy.class).search(all, new SystemRequestDetails()))) {
            trials.put(found.getIdElement().getIdPart(), (ResearchStudy) found);
        }
        return trials;
    }

    /**
     * The trial without id and meta: HAPI keeps those (profiles, tags and source included) in its resource and tag
     * tables, not in the stored text, and the trial's document uses none of them but the version and update time.
     */
    private String content(ResearchStudy study) {
        ResearchStudy content = study.copy();
        content.setId((String) null);
        content.setMeta(null);
        return fhirContext.newJsonParser().encodeResourceToString(content);
    }
}
