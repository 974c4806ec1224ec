package org.regenregistry.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Group;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.regenregistry.profiles.RegistryCodeSystems;
import org.regenregistry.server.support.BulkExports;
import org.regenregistry.server.support.FhirHttp;
import org.regenregistry.server.support.RegistryClientSupport;
import org.regenregistry.server.support.SecurityClientsInitializer;

/**
 * Two sites with look-alike data (the same family name, two patients each with a pain score): each path a site can
 * take to the other's records is refused or finds only its own, counted and named by id; a regulator sees both, a
 * researcher neither.
 */
class SiteIsolationIT extends RegistryClientSupport {

    private static final String MRN = "urn:test:site-isolation-mrn";

    private FhirHttp stOlaf;
    private FhirHttp lakeside;
    private String family;
    private List<IdType> stOlafPatients;
    private List<IdType> lakesidePatients;
    private List<IdType> stOlafScores;
    private List<IdType> lakesideScores;

    @BeforeEach
    void twoSitesWithLookAlikeData() {
        stOlaf = fhir.as(SecurityClientsInitializer.SITE_STAFF);
        lakeside = fhir.as(SecurityClientsInitializer.OTHER_SITE_STAFF);
        family = "Lookalike" + UUID.randomUUID().toString().substring(0, 8);
        stOlafPatients = List.of(patient(stOlaf, "so-1"), patient(stOlaf, "so-2"));
        lakesidePatients = List.of(patient(lakeside, "ls-1"), patient(lakeside, "ls-2"));
        stOlafScores =
                stOlafPatients.stream().map(patient -> score(stOlaf, patient)).toList();
        lakesideScores = lakesidePatients.stream()
                .map(patient -> score(lakeside, patient))
                .toList();
    }

    @Test
    void readVreadHistoryAndEverythingOfAnotherSitesRecordAreRefused() {
        String other = lakesidePatients.get(0).getValue();

        for (String path : List.of(other, other + "/_history/1", other + "/_history", other + "/$everything")) {
            assertThat(stOlaf.get(path).statusCode()).as(path).isEqualTo(403);
        }
        assertThat(stOlaf.get(stOlafPatients.get(0).getValue()).statusCode()).isEqualTo(200);
        assertThat(ids(stOlaf.get(stOlafPatients.get(0).getValue() + "/$everything")))
                .containsExactlyInAnyOrder(
                        stOlafPatients.get(0).getValue(), stOlafScores.get(0).getValue());
    }

    @Test
    void searchesCountsChainsHasAndIncludesFindTheOwnSitesRecordsOnly() {
        assertThat(ids(stOlaf.get("Patient?family=" + family)))
                .containsExactlyInAnyOrderElementsOf(values(stOlafPatients));
        assertThat(total(stOlaf.get("Patient?family=" + family + "&_summary=count")))
                .isEqualTo(2);
        assertThat(ids(stOlaf.get("Observation?subject.family=" + family)))
                .containsExactlyInAnyOrderElementsOf(values(stOlafScores));
        assertThat(ids(stOlaf.get("Patient?family=" + family + "&_has:Observation:subject:code=72514-3")))
                .containsExactlyInAnyOrderElementsOf(values(stOlafPatients));
        assertThat(ids(stOlaf.get("Observation?subject.family=" + family + "&_include=Observation:subject")))
                .containsExactlyInAnyOrderElementsOf(concat(values(stOlafScores), values(stOlafPatients)));
        assertThat(ids(lakeside.get("Patient?family=" + family)))
                .containsExactlyInAnyOrderElementsOf(values(lakesidePatients));
        assertThat(ids(fhir.as(SecurityClientsInitializer.REGULATOR).get("Patient?family=" + family)))
                .containsExactlyInAnyOrderElementsOf(concat(values(stOlafPatients), values(lakesidePatients)));
    }

    @Test
    void anotherSitesPagesAreRefused() {
        Bundle first = fhir.parse(
                Bundle.class,
                stOlaf.get("Patient?family=" + family + "&_count=1").body());
        String next = first.getLink("next").getUrl();

        assertThat(stOlaf.get(next).statusCode()).isEqualTo(200);
        assertThat(lakeside.get(next).statusCode()).isEqualTo(403);
    }

    @Test
    void updatePatchDeleteAndTransactionsCannotReachAnotherSite() {
        IdType other = lakesidePatients.get(0);
        Patient changed = new Patient().setActive(false);
        changed.addName().setFamily("Changed");
        changed.setId(other.getIdPart());

        HttpResponse<String> update = stOlaf.put(other.getValue(), FhirHttp.FHIR_JSON, fhir.json(changed));
        HttpResponse<String> patch = stOlaf.patch(
                other.getValue(),
                "application/json-patch+json",
                "[{\"op\":\"replace\",\"path\":\"/active\",\"value\":false}]");
        HttpResponse<String> delete = stOlaf.delete(other.getValue());
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        Patient newcomer = new Patient();
        newcomer.addName().setFamily(family);
        newcomer.addIdentifier().setSystem(MRN).setValue("newcomer-" + family);
        transaction
                .addEntry()
                .setResource(newcomer)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl("Patient");
        transaction
                .addEntry()
                .setResource(changed.copy().setId(other.getIdPart()))
                .getRequest()
                .setMethod(Bundle.HTTPVerb.PUT)
                .setUrl(other.getValue());
        HttpResponse<String> inTransaction = stOlaf.post("", FhirHttp.FHIR_JSON, fhir.json(transaction));

        for (HttpResponse<String> refused : List.of(update, patch, delete, inTransaction)) {
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        }
        Patient unchanged =
                lakeside.client().read().resource(Patient.class).withId(other).execute();
        assertThat(unchanged.getActive()).isTrue();
        assertThat(unchanged.getNameFirstRep().getFamily()).isEqualTo(family);
        assertThat(unchanged.getMeta().getVersionId()).isEqualTo("1");
        assertThat(total(fhir.as(SecurityClientsInitializer.REGULATOR)
                        .get("Patient?identifier=" + MRN + "%7Cnewcomer-" + family + "&_summary=count")))
                .as("nothing of the refused transaction is stored")
                .isZero();
    }

    @Test
    void aSiteCannotStampItsRecordsWithAnotherSite() {
        Patient disguised = new Patient();
        disguised.addName().setFamily(family);
        disguised
                .getMeta()
                .addSecurity(new Coding(RegistryCodeSystems.SOURCE_SITE, SecurityClientsInitializer.OTHER_SITE, null));

        IdType id =
                (IdType) stOlaf.client().create().resource(disguised).execute().getId();

        Patient stored = stOlaf.client()
                .read()
                .resource(Patient.class)
                .withId(id.toVersionless())
                .execute();
        assertThat(stored.getMeta().getSecurity())
                .extracting(Coding::getCode)
                .containsExactly(SecurityClientsInitializer.SITE);
        assertThat(lakeside.get(id.toUnqualifiedVersionless().getValue()).statusCode())
                .isEqualTo(403);
    }

    @Test
    void aResearcherAndACallerWithoutTokenReachNoSubjectLevelRecord() {
        FhirHttp researcher = fhir.as(SecurityClientsInitializer.RESEARCHER_CLIENT);

        for (FhirHttp outsider : List.of(researcher, fhir.anonymous())) {
            for (String path : List.of(
                    "Patient?family=" + family,
                    stOlafPatients.get(0).getValue(),
                    "Observation?subject.family=" + family,
                    "Observation?code=72514-3&_summary=count")) {
                assertThat(outsider.get(path).statusCode()).as(path).isIn(401, 403);
            }
        }
        assertThat(researcher.get("ResearchStudy?_count=1").statusCode()).isEqualTo(200);
    }

    @Test
    void aSitesMatchUrlsFindItsOwnRecordsOnly() {
        IdType own = patient(stOlaf, "shared");
        IdType others = patient(lakeside, "shared");
        String shared = "Patient?identifier=" + MRN + "%7Cshared-" + family;
        Patient update = new Patient().setActive(false);
        update.addIdentifier().setSystem(MRN).setValue("shared-" + family);

        HttpResponse<String> updated = stOlaf.put(shared, FhirHttp.FHIR_JSON, fhir.json(update));
        assertThat(updated.statusCode())
                .as("the conditional update finds its own patient, not two: " + updated.body())
                .isEqualTo(200);
        assertThat(fhir.parse(Patient.class, updated.body()).getIdPart()).isEqualTo(own.getIdPart());

        HttpResponse<String> created = stOlaf.post(
                "Patient",
                FhirHttp.FHIR_JSON,
                fhir.json(patientWith("ls-1-" + family)),
                "If-None-Exist",
                "identifier=" + MRN + "|ls-1-" + family);
        assertThat(created.statusCode())
                .as("another site's patient with that identifier does not exist for this site")
                .isEqualTo(201);

        HttpResponse<String> deleted = stOlaf.delete("Patient?identifier=" + MRN + "%7Cls-2-" + family);
        assertThat(deleted.statusCode()).as(deleted.body()).isIn(200, 204);
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        transaction
                .addEntry()
                .getRequest()
                .setMethod(Bundle.HTTPVerb.DELETE)
                .setUrl("Patient?identifier=" + MRN + "|ls-1-" + family);
        HttpResponse<String> deletedInTransaction = stOlaf.post("", FhirHttp.FHIR_JSON, fhir.json(transaction));
        assertThat(deletedInTransaction.statusCode())
                .as(deletedInTransaction.body())
                .isEqualTo(200);
        IGenericClient regulator = fhir.as(SecurityClientsInitializer.REGULATOR).client();
        for (IdType untouched : lakesidePatients) {
            assertThat(regulator
                            .read()
                            .resource(Patient.class)
                            .withId(untouched)
                            .execute()
                            .getIdPart())
                    .as("the other site's patients are still there")
                    .isEqualTo(untouched.getIdPart());
        }
        assertThat(fhir.as(SecurityClientsInitializer.REGULATOR)
                        .client()
                        .read()
                        .resource(Patient.class)
                        .withId(others)
                        .execute()
                        .getActive())
                .as("the other site's look-alike is untouched")
                .isTrue();
    }

    @Test
    void onlyARegulatorSearchesAcrossAllTypes() {
        for (String path : List.of("_history", "_history?_count=5")) {
            assertThat(stOlaf.get(path).statusCode()).as(path).isEqualTo(403);
            assertThat(fhir.as(SecurityClientsInitializer.RESEARCHER_CLIENT)
                            .get(path)
                            .statusCode())
                    .as(path)
                    .isEqualTo(403);
        }
        assertThat(fhir.as(SecurityClientsInitializer.REGULATOR)
                        .get("_history?_count=5")
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void aSitesBulkExportHoldsItsOwnRecordsAndItsFilesAreItsAlone() throws Exception {
        for (String kickOff :
                List.of("$export?_type=Patient,Observation", "Patient/$export?_type=Patient,Observation")) {
            String status = BulkExports.kickOff(stOlaf, kickOff);
            JsonNode manifest = BulkExports.manifest(stOlaf, status);

            assertThat(manifest.get("requiresAccessToken").asBoolean()).isTrue();
            List<JsonNode> patients = BulkExports.resources(stOlaf, manifest, "Patient");
            List<JsonNode> scores = BulkExports.resources(stOlaf, manifest, "Observation");
            assertThat(idsOf(patients))
                    .as(kickOff)
                    .containsAll(idParts(stOlafPatients))
                    .doesNotContainAnyElementsOf(idParts(lakesidePatients));
            assertThat(idsOf(scores))
                    .containsAll(idParts(stOlafScores))
                    .doesNotContainAnyElementsOf(idParts(lakesideScores));
            assertThat(concat(patients, scores)).allSatisfy(resource -> assertThat(
                            resource.at("/meta/security/0/code").asText())
                    .isEqualTo(SecurityClientsInitializer.SITE));

            String file = manifest.get("output").get(0).get("url").asText();
            assertThat(lakeside.get(status, "Accept", "application/json").statusCode())
                    .isEqualTo(404);
            assertThat(lakeside.get(file, "Accept", "application/fhir+ndjson").statusCode())
                    .isEqualTo(403);
            assertThat(fhir.anonymous()
                            .get(file, "Accept", "application/fhir+ndjson")
                            .statusCode())
                    .isEqualTo(401);
        }
    }

    @Test
    void aSitesExportOfAnotherSitesGroupFindsNothing() throws Exception {
        Group cohort = new Group().setType(Group.GroupType.PERSON).setActual(true);
        lakesidePatients.forEach(patient -> cohort.addMember().setEntity(new Reference(patient)));
        IdType group =
                (IdType) lakeside.client().create().resource(cohort).execute().getId();

        JsonNode manifest =
                BulkExports.export(stOlaf, "Group/" + group.getIdPart() + "/$export?_type=Patient,Observation");
        JsonNode ownManifest =
                BulkExports.export(lakeside, "Group/" + group.getIdPart() + "/$export?_type=Patient,Observation");

        assertThat(BulkExports.ids(stOlaf, manifest, "Patient")).isEmpty();
        assertThat(BulkExports.ids(stOlaf, manifest, "Observation")).isEmpty();
        assertThat(BulkExports.ids(lakeside, ownManifest, "Patient"))
                .containsExactlyInAnyOrderElementsOf(idParts(lakesidePatients));
    }

    @Test
    void aSiteCannotReferToAnotherSitesRecordNorLearnWhetherItExists() {
        String other = lakesidePatients.get(0).getValue();
        String missing = "Patient/no-such-" + family;

        HttpResponse<String> toOther = stOlaf.post("Observation", FhirHttp.FHIR_JSON, fhir.json(painScore(other, 3)));
        HttpResponse<String> toMissing =
                stOlaf.post("Observation", FhirHttp.FHIR_JSON, fhir.json(painScore(missing, 3)));
        HttpResponse<String> inTransaction =
                stOlaf.post("", FhirHttp.FHIR_JSON, fhir.json(transactionCreating(painScore(other, 4))));

        for (HttpResponse<String> refused : List.of(toOther, toMissing, inTransaction)) {
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        }
        assertThat(fhir.diagnostics(toOther))
                .isEqualTo(fhir.diagnostics(toMissing).replace(missing, other));
        assertThat(total(fhir.as(SecurityClientsInitializer.REGULATOR)
                        .get("Observation?subject=" + other + "&_summary=count")))
                .as("only lakeside's own score refers to its patient")
                .isEqualTo(1);
    }

    @Test
    void validatingAChangeToAnotherSitesRecordRevealsNothingOfIt() {
        String other = lakesidePatients.get(0).getValue();
        String missing = "Patient/no-such-" + family;

        HttpResponse<String> toOther = stOlaf.get(other + "/$validate?mode=delete");
        HttpResponse<String> toMissing = stOlaf.get(missing + "/$validate?mode=delete");
        HttpResponse<String> toOwn = stOlaf.get(stOlafPatients.get(0).getValue() + "/$validate?mode=delete");

        assertThat(toOther.statusCode()).isEqualTo(403);
        assertThat(toOther.body()).doesNotContain(lakesideScores.get(0).getIdPart());
        assertThat(fhir.diagnostics(toOther))
                .isEqualTo(fhir.diagnostics(toMissing).replace(missing, other));
        assertThat(fhir.diagnostics(toOwn))
                .as("the own patient's score refers to it")
                .contains(stOlafScores.get(0).getValue());
    }

    @Test
    void aSiteReadsTheHistoryOfSubjectLevelTypesNotAtAll() {
        assertThat(stOlaf.get("Patient/_history").statusCode()).isEqualTo(403);
        assertThat(stOlaf.get("ResearchStudy/_history").statusCode()).isEqualTo(200);
        assertThat(fhir.as(SecurityClientsInitializer.REGULATOR)
                        .get("Patient/_history?_count=5")
                        .statusCode())
                .isEqualTo(200);
    }

    private IdType patient(FhirHttp site, String mrn) {
        IGenericClient client = site.client();
        return (IdType) client.create()
                .resource(patientWith(mrn + "-" + family))
                .execute()
                .getId()
                .toUnqualifiedVersionless();
    }

    private IdType score(FhirHttp site, IdType patient) {
        return (IdType) site.client()
                .create()
                .resource(painScore(patient, 6))
                .execute()
                .getId()
                .toUnqualifiedVersionless();
    }

    private Patient patientWith(String mrn) {
        Patient patient = new Patient().setActive(true);
        patient.addName().setFamily(family);
        patient.addIdentifier().setSystem(MRN).setValue(mrn);
        return patient;
    }

    private Set<String> ids(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return fhir.parse(Bundle.class, response.body()).getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .map(Resource::getIdElement)
                .map(id -> id.toUnqualifiedVersionless().getValue())
                .collect(Collectors.toSet());
    }

    private int total(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return fhir.parse(Bundle.class, response.body()).getTotal();
    }

    private static List<String> idParts(List<IdType> ids) {
        return ids.stream().map(IdType::getIdPart).toList();
    }

    private static Set<String> idsOf(List<JsonNode> resources) {
        return resources.stream().map(resource -> resource.get("id").asText()).collect(Collectors.toSet());
    }

    private static List<String> values(List<IdType> ids) {
        return ids.stream().map(IdType::getValue).toList();
    }

    private static <T> List<T> concat(List<T> first, List<T> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }
}
