package org.regenregistry.ehr.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ResearchStudy;
import org.hl7.fhir.r4.model.ResearchSubject;
import org.hl7.fhir.r4.model.ResearchSubject.ResearchSubjectStatus;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;
import org.regenregistry.ehr.http.ScriptedTransport;
import org.regenregistry.ehr.mapping.RegistryIdentifiers;
import org.regenregistry.ehr.site.EhrFlavour;
import org.regenregistry.profiles.RegistryIdentifierSystems;

class EnrolmentPusherTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static final URI BASE = URI.create("https://ehr.example/fhir");
    private static final Identifier ENROLMENT = RegistryIdentifiers.enrolment("prp-knee-oa", "RR-ABCDEFGHIJKLMNOPQRST");

    private final ScriptedTransport ehr = new ScriptedTransport(BASE);
    private final EnrolmentPusher pusher = new EnrolmentPusher(ehr, EhrFlavour.GENERIC);

    @Test
    void aMissingStudyIsCreatedConditionallyWithTheTrialsIdentifiers() throws Exception {
        ehr.answer(200, json(new Bundle())).answer(201, "", "Location", BASE + "/ResearchStudy/77/_history/1");

        Pushed pushed = pusher.study(trial());

        assertThat(pushed).isEqualTo(new Pushed("77", Pushed.Outcome.CREATED));
        HttpRequest create = ehr.requests().get(1);
        assertThat(create.method()).isEqualTo("POST");
        assertThat(create.uri()).isEqualTo(URI.create(BASE + "/ResearchStudy"));
        assertThat(create.headers().firstValue("If-None-Exist"))
                .contains("identifier=" + RegistryIdentifierSystems.TRIAL + "|RR-2026-0001");
        assertThat(ehr.requests().get(0).uri().toString())
                .isEqualTo(BASE + "/ResearchStudy?identifier=https%3A%2F%2Fregen-registry.org%2Ffhir%2Fsid%2Ftrial"
                        + "%7CRR-2026-0001");
    }

    @Test
    void aStudyThatSaysWhatTheRegistrySaysIsNotWrittenAgain() throws Exception {
        ResearchStudy stored = trial();
        stored.setId("77");
        stored.getMeta().setVersionId("4");
        ehr.answer(200, json(searchset(stored)));

        assertThat(pusher.study(trial())).isEqualTo(new Pushed("77", Pushed.Outcome.UNCHANGED));
        assertThat(ehr.requests()).hasSize(1);
    }

    @Test
    void aWithdrawalUpdatesTheEhrsOwnRecordInPlaceWithIfMatch() throws Exception {
        ResearchSubject stored = new ResearchSubject()
                .setStatus(ResearchSubjectStatus.ONSTUDY)
                .setStudy(new Reference("ResearchStudy/ehr-own-study"))
                .setIndividual(new Reference("Patient/p1"))
                .setAssignedArm("LP-PRP");
        stored.getPeriod().setStartElement(new DateTimeType("2026-01-15"));
        stored.setId("s9");
        stored.getMeta().setVersionId("3");
        ehr.answer(200, json(stored)).answer(200, "");
        Period period = new Period().setStartElement(new DateTimeType("2026-01-15"));
        period.setEndElement(new DateTimeType("2026-06-30"));

        Pushed pushed = pusher.subject(
                new EnrolmentUpdate(ENROLMENT, "s9", "p1", "77", ResearchSubjectStatus.WITHDRAWN, period, "LP-PRP"));

        assertThat(pushed).isEqualTo(new Pushed("s9", Pushed.Outcome.UPDATED));
        HttpRequest update = ehr.requests().get(1);
        assertThat(update.method()).isEqualTo("PUT");
        assertThat(update.uri()).isEqualTo(URI.create(BASE + "/ResearchSubject/s9"));
        assertThat(update.headers().firstValue("If-Match")).contains("W/\"3\"");
        ResearchSubject sent = (ResearchSubject) FHIR.newJsonParser().parseResource(body(update));
        assertThat(sent.getStatus()).isEqualTo(ResearchSubjectStatus.WITHDRAWN);
        assertThat(sent.getPeriod().getEndElement().getValueAsString()).isEqualTo("2026-06-30");
        assertThat(sent.getStudy().getReference())
                .as("the EHR's own record stays in its own study")
                .isEqualTo("ResearchStudy/ehr-own-study");
    }

    @Test
    void aNewEnrolmentIsCreatedForTheEhrsPatientInTheEhrsStudy() throws Exception {
        ehr.answer(200, json(new Bundle())).answer(201, "", "Location", BASE + "/ResearchSubject/s10/_history/1");

        Pushed pushed = pusher.subject(new EnrolmentUpdate(
                ENROLMENT, null, "p1", "77", ResearchSubjectStatus.ONSTUDY, new Period(), "LP-PRP"));

        assertThat(pushed).isEqualTo(new Pushed("s10", Pushed.Outcome.CREATED));
        ResearchSubject sent = (ResearchSubject)
                FHIR.newJsonParser().parseResource(body(ehr.requests().get(1)));
        assertThat(sent.getIndividual().getReference()).isEqualTo("Patient/p1");
        assertThat(sent.getStudy().getReference()).isEqualTo("ResearchStudy/77");
        assertThat(sent.getIdentifierFirstRep().getValue()).isEqualTo("prp-knee-oa/RR-ABCDEFGHIJKLMNOPQRST");
    }

    @Test
    void aRecordMadeMeanwhileIsUpdatedRatherThanDuplicated() throws Exception {
        ResearchSubject madeMeanwhile = new ResearchSubject()
                .setStatus(ResearchSubjectStatus.ONSTUDY)
                .setStudy(new Reference("ResearchStudy/77"))
                .setIndividual(new Reference("Patient/p1"));
        madeMeanwhile.addIdentifier(ENROLMENT);
        madeMeanwhile.setId("s11");
        madeMeanwhile.getMeta().setVersionId("2");
        ehr.answer(200, json(new Bundle()))
                .answer(200, "", "Location", BASE + "/ResearchSubject/s11/_history/2")
                .answer(200, json(madeMeanwhile))
                .answer(200, "");

        Pushed pushed = pusher.subject(new EnrolmentUpdate(
                ENROLMENT, null, "p1", "77", ResearchSubjectStatus.OFFSTUDY, new Period(), "LP-PRP"));

        assertThat(pushed).isEqualTo(new Pushed("s11", Pushed.Outcome.UPDATED));
        assertThat(ehr.requests().stream().map(request -> request.method() + " " + request.uri()))
                .containsExactly(
                        "GET " + BASE + "/ResearchSubject?identifier=" + "https%3A%2F%2Fregen-registry.org%2Ffhir%2Fsid"
                                + "%2Fenrolment%7Cprp-knee-oa%2FRR-ABCDEFGHIJKLMNOPQRST",
                        "POST " + BASE + "/ResearchSubject",
                        "GET " + BASE + "/ResearchSubject/s11",
                        "PUT " + BASE + "/ResearchSubject/s11");
        assertThat(ehr.requests().get(3).headers().firstValue("If-Match")).contains("W/\"2\"");
        assertThat(ehr.requests().get(0).headers().firstValue("Cache-Control")).contains("no-cache");
    }

    @Test
    void aRefusalSaysWhyAndAConflictIsLeftForAnotherTry() {
        String outcome = "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
                + "\"code\":\"forbidden\",\"diagnostics\":\"ResearchSubject writes are not allowed\"}]}";
        ehr.answer(200, json(new Bundle())).answer(403, outcome);

        assertThatThrownBy(() -> pusher.subject(new EnrolmentUpdate(
                        ENROLMENT, null, "p1", "77", ResearchSubjectStatus.ONSTUDY, new Period(), "LP-PRP")))
                .isInstanceOf(EhrWriteRefusedException.class)
                .hasMessageContaining("HTTP 403")
                .hasMessageContaining("ResearchSubject writes are not allowed");

        ehr.answer(200, json(new Bundle())).answer(412, "");
        assertThatThrownBy(() -> pusher.subject(new EnrolmentUpdate(
                        ENROLMENT, null, "p1", "77", ResearchSubjectStatus.ONSTUDY, new Period(), "LP-PRP")))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(EhrWriteRefusedException.class)
                .hasMessageContaining("HTTP 412");
    }

    @Test
    void anEhrThatIsReadOnlyForResearchDataGetsNoPusher() {
        assertThatThrownBy(() -> new EnrolmentPusher(ehr, EhrFlavour.EPIC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("EPIC");
    }

    private static ResearchStudy trial() {
        ResearchStudy trial = new ResearchStudy()
                .setTitle("PRP for knee osteoarthritis")
                .setStatus(ResearchStudy.ResearchStudyStatus.ACTIVE);
        trial.addIdentifier().setSystem(RegistryIdentifierSystems.TRIAL).setValue("RR-2026-0001");
        trial.addIdentifier().setSystem("https://clinicaltrials.gov").setValue("NCT09000001");
        trial.setId("prp-knee-oa");
        return trial;
    }

    private static Bundle searchset(Resource... resources) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
        for (Resource resource : resources) {
            bundle.addEntry().setResource(resource);
        }
        return bundle;
    }

    private static String json(Resource resource) {
        return FHIR.newJsonParser().encodeResourceToString(resource);
    }

    private static String body(HttpRequest request) {
        return ScriptedTransport.bodyOf(request);
    }
}
