package org.regenregistry.server.indexing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ResearchStudy;
import org.hl7.fhir.r4.model.ResearchSubject;
import org.junit.jupiter.api.Test;
import org.regenregistry.search.trial.TrialDocument;
import org.regenregistry.server.support.ExampleTrials;
import org.regenregistry.server.support.SearchIndexSupport;

/** Every FHIR write that changes a trial's document reaches the index, through the outbox. */
class TrialIndexingIT extends SearchIndexSupport {

    @Test
    void aCreatedTrialBecomesSearchableAndAnUpdateReplacesIt() {
        IdType id = create(ExampleTrials.newTrial("RR-IDX-0001"));

        TrialDocument first = awaitIndexed(id.getIdPart(), document -> document.version() == 1);
        assertThat(first.identifiers()).contains("RR-IDX-0001");
        assertThat(first.status()).isEqualTo("active");

        ResearchStudy trial =
                client.read().resource(ResearchStudy.class).withId(id).execute();
        trial.setStatus(ResearchStudy.ResearchStudyStatus.TEMPORARILYCLOSEDTOACCRUAL);
        client.update().resource(trial).execute();

        TrialDocument second = awaitIndexed(id.getIdPart(), document -> document.version() == 2);
        assertThat(second.status()).isEqualTo("temporarily-closed-to-accrual");
        assertThat(second.revision()).isGreaterThan(first.revision());
    }

    @Test
    void subjectsAndOutcomesChangeTheCountsOfTheirTrial() {
        IdType trial = create(ExampleTrials.newTrial("RR-IDX-0002"));
        awaitIndexed(trial.getIdPart(), document -> document.subjects() == 0 && !document.hasResults());
        IdType patient = create(new Patient().setActive(true));

        create(ExampleTrials.newSubject(
                "RR-IDX-0002-S1", new Reference(patient.toUnqualifiedVersionless()), studyReference(trial)));
        awaitIndexed(trial.getIdPart(), document -> document.subjects() == 1);

        Observation score = painScore(patient, 4);
        score.addExtension("http://hl7.org/fhir/StructureDefinition/workflow-researchStudy", studyReference(trial));
        create(score);
        TrialDocument withResults = awaitIndexed(trial.getIdPart(), TrialDocument::hasResults);
        assertThat(withResults.version()).isEqualTo(1);
    }

    @Test
    void editingASiteReindexesTheTrialsHeldThere() {
        Location site = (Location) ExampleTrials.example("Location-prp-knee-oa-site.json");
        site.setId((String) null);
        IdType siteId = create(site);
        ResearchStudy trial = ExampleTrials.newTrial("RR-IDX-0003");
        trial.getSite().clear();
        trial.addSite(new Reference(siteId.toUnqualifiedVersionless()));
        IdType trialId = create(trial);
        awaitIndexed(trialId.getIdPart(), document -> "Oslo"
                .equals(document.sites().get(0).city()));

        Location moved = client.read()
                .resource(Location.class)
                .withId(siteId.toUnqualifiedVersionless())
                .execute();
        moved.getAddress().setCity("Bergen");
        client.update().resource(moved).execute();

        awaitIndexed(trialId.getIdPart(), document -> "Bergen"
                .equals(document.sites().get(0).city()));
    }

    @Test
    void aTrialPostedWithANewSiteCarriesTheSiteFromItsFirstVersion() {
        Location site = (Location) ExampleTrials.example("Location-prp-knee-oa-site.json");
        site.setId((String) null);
        String siteUrl = "urn:uuid:" + UUID.randomUUID();
        ResearchStudy trial = ExampleTrials.newTrial("RR-IDX-0006");
        trial.getSite().clear();
        trial.addSite(new Reference(siteUrl));
        Bundle transaction = transactionCreating(trial, site);
        transaction.getEntry().get(1).setFullUrl(siteUrl);

        Bundle response = client.transaction().withBundle(transaction).execute();

        String trialId = new IdType(response.getEntryFirstRep().getResponse().getLocation()).getIdPart();
        TrialDocument document = awaitIndexed(trialId, indexed -> indexed.version() == 1);
        assertThat(document.sites()).extracting(TrialDocument.Site::city).containsExactly("Oslo");
    }

    @Test
    void aDeletedTrialDisappearsFromTheIndex() {
        IdType id = create(ExampleTrials.newTrial("RR-IDX-0004"));
        awaitIndexed(id.getIdPart(), document -> true);

        client.delete().resourceById(id.toUnqualifiedVersionless()).execute();

        await().atMost(INDEXED_WITHIN).until(() -> indexed(id.getIdPart()) == null);
    }

    @Test
    void aRolledBackTransactionNeverReachesTheIndex() throws Exception {
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        transaction
                .addEntry()
                .setResource(ExampleTrials.newTrial("RR-IDX-ROLLED-BACK"))
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("ResearchStudy");
        transaction
                .addEntry()
                .setResource(new ResearchSubject())
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("ResearchSubject");
        assertThatThrownBy(() -> client.transaction().withBundle(transaction).execute())
                .isInstanceOfSatisfying(
                        BaseServerResponseException.class,
                        refused -> assertThat(refused.getStatusCode()).isEqualTo(400));
        IdType after = create(ExampleTrials.newTrial("RR-IDX-0005"));
        awaitIndexed(after.getIdPart(), document -> true);
        awaitOutboxDrained();

        assertThat(searchByIdentifier("RR-IDX-ROLLED-BACK")).isEmpty();
        assertThat(searchByIdentifier("RR-IDX-0005")).containsExactly(after.getIdPart());
    }

    private List<String> searchByIdentifier(String identifier) throws Exception {
        return elasticsearch()
                .search(
                        search -> search.index("trials")
                                .query(query -> query.term(
                                        term -> term.field("identifiers").value(identifier))),
                        TrialDocument.class)
                .hits()
                .hits()
                .stream()
                .map(hit -> hit.id())
                .toList();
    }

    private static Reference studyReference(IdType trial) {
        return new Reference(trial.toUnqualifiedVersionless());
    }
}
