package org.regenregistry.server.followup;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ResearchSubject;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.regenregistry.profiles.RegistryIdentifierSystems;
import org.regenregistry.server.support.ExampleTrials;
import org.regenregistry.server.support.FhirHttp;
import org.regenregistry.server.support.RegistryClientSupport;
import org.regenregistry.server.support.SecurityClientsInitializer;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The follow-up tracker over fifteen simulated years after an integrating gene therapy, on PostgreSQL: a subject of a
 * trial of its own treated on {@link #TREATED}, with visits, questionnaire contacts, lapses and a return as a site's
 * EHR would store them; the regulators' report and compliance asked on days across the fifteen years; and the daily
 * job, its clock moved to those days, raising Tasks that a site's subscription to {@code follow-up-overdue} hears of.
 */
class FollowUpIT extends RegistryClientSupport {

    private static final LocalDate TREATED = LocalDate.of(2008, 6, 2);
    private static final String BACKPORT = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] ACCEPT_JSON = {"Accept", "application/json"};

    @Autowired
    FollowUpOverdueJob job;

    /** The subject, written once for the class: every test reads the same fifteen years. */
    static String trial;

    static String plan;

    WireMockServer listener;
    final List<Runnable> cleanUp = new ArrayList<>();

    @BeforeEach
    void subject() {
        listener = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        listener.start();
        listener.stubFor(post(urlEqualTo("/own")).willReturn(aResponse().withStatus(200)));
        listener.stubFor(post(urlEqualTo("/other")).willReturn(aResponse().withStatus(200)));
        ExampleTrials.ensureLoaded(client);
        if (plan != null) {
            return;
        }
        trial = client.create()
                .resource(ExampleTrials.newTrial("RR-FU-" + UUID.randomUUID()))
                .execute()
                .getId()
                .getIdPart();
        IdType patient =
                (IdType) client.create().resource(new Patient()).execute().getId();
        Reference individual = new Reference(patient.toUnqualifiedVersionless());
        ResearchSubject subject = ExampleTrials.newSubject(
                "RR-FU-" + UUID.randomUUID(), individual, new Reference("ResearchStudy/" + trial));
        subject.getPeriod()
                .setStartElement(new DateTimeType(TREATED.minusDays(14).toString()));
        client.create().resource(subject).execute();
        plan = client.create()
                .resource(fifteenYearPlan(individual))
                .execute()
                .getId()
                .getIdPart();

        // years 1, 2 and 4: visits; year 3: nothing; year 5: a questionnaire, which is no visit; years 6-12:
        // questionnaires; years 13 and 14: nothing; year 15: the subject comes back for a visit
        List<Resource> records = new ArrayList<>();
        for (int year : new int[] {1, 2, 4, 15}) {
            records.add(encounter(individual, TREATED.plusYears(year).plusDays(year == 2 ? -5 : 10)));
        }
        for (int year = 5; year <= 12; year++) {
            records.add(questionnaire(individual, TREATED.plusYears(year).minusDays(20)));
        }
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        records.forEach(record -> transaction
                .addEntry()
                .setResource(record)
                .getRequest()
                .setMethod(Bundle.HTTPVerb.POST)
                .setUrl(record.fhirType()));
        client.transaction().withBundle(transaction).execute();
    }

    @AfterEach
    void stop() {
        cleanUp.forEach(Runnable::run);
        listener.stop();
    }

    @Test
    void theReportFollowsTheSubjectAcrossFifteenYears() throws IOException {
        assertThat(listed(TREATED.plusYears(1).minusDays(30)))
                .as("year 1 is due, not overdue")
                .isNull();
        JsonNode year3 = listed(TREATED.plusYears(3).plusDays(61));
        assertThat(year3.at("/state").asText()).isEqualTo("OVERDUE");
        assertThat(year3.at("/site").asText()).isEqualTo(SecurityClientsInitializer.SITE);
        assertThat(year3.at("/missed/0/activity").asText()).isEqualTo("visit");
        assertThat(year3.at("/missed/0/due").asText())
                .isEqualTo(TREATED.plusYears(3).toString());
        assertThat(year3.at("/daysOverdue").asInt()).isEqualTo(1);
        assertThat(listed(TREATED.plusYears(4).plusDays(61)))
                .as("back on track after the year-4 visit")
                .isNull();
        assertThat(listed(TREATED.plusYears(5).plusDays(61)).at("/state").asText())
                .as("a questionnaire does not make a visit")
                .isEqualTo("OVERDUE");
        assertThat(listed(TREATED.plusYears(13).plusDays(61)).at("/state").asText())
                .isEqualTo("OVERDUE");
        assertThat(listed(TREATED.plusYears(14).plusDays(61)).at("/state").asText())
                .isEqualTo("LOST");
        assertThat(listed(TREATED.plusYears(16)))
                .as("back in year 15: complete")
                .isNull();

        JsonNode compliance = json(fhir.get(
                root("api/follow-up/compliance?trial=" + trial + "&asOf=" + TREATED.plusYears(16)), ACCEPT_JSON));
        JsonNode ofTrial = compliance.at("/trials/0");
        assertThat(ofTrial.at("/key").asText()).isEqualTo(trial);
        assertThat(ofTrial.at("/closed").asInt()).isEqualTo(15);
        assertThat(ofTrial.at("/onTime").asInt())
                .as("all but years 3, 5, 13 and 14")
                .isEqualTo(11);
        assertThat(ofTrial.at("/share").asDouble()).isEqualTo(11.0 / 15);
        assertThat(ofTrial.at("/states/COMPLETE").asInt()).isEqualTo(1);

        HttpResponse<String> csv = fhir.get(
                root("api/follow-up/overdue?trial=" + trial + "&asOf="
                        + TREATED.plusYears(14).plusDays(61)),
                "Accept",
                "text/csv");
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        String[] lines = csv.body().split("\r\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).startsWith("site,trial,patient,plan");
        assertThat(csv.body()).contains(plan, "lost", "visit " + TREATED.plusYears(3));
    }

    @Test
    void sitesSeeTheirOwnSubjectsAndResearchersNone() throws IOException {
        HttpResponse<String> own = fhir.as(SecurityClientsInitializer.SITE_STAFF)
                .get(
                        root("api/follow-up/overdue?trial=" + trial + "&asOf="
                                + TREATED.plusYears(3).plusDays(61)),
                        ACCEPT_JSON);
        assertThat(json(own).at("/subjects")).hasSize(1);
        HttpResponse<String> other = fhir.as(SecurityClientsInitializer.OTHER_SITE_STAFF)
                .get(
                        root("api/follow-up/overdue?trial=" + trial + "&asOf="
                                + TREATED.plusYears(3).plusDays(61)),
                        ACCEPT_JSON);
        assertThat(json(other).at("/subjects")).isEmpty();
        assertThat(fhir.as(SecurityClientsInitializer.OTHER_SITE_STAFF)
                        .get(root("api/follow-up/overdue?site=" + SecurityClientsInitializer.SITE), ACCEPT_JSON)
                        .statusCode())
                .isEqualTo(403);
        assertThat(fhir.as(SecurityClientsInitializer.RESEARCHER_CLIENT)
                        .get(root("api/follow-up/overdue"), ACCEPT_JSON)
                        .statusCode())
                .isEqualTo(403);
        assertThat(fhir.get(root("api/follow-up/overdue?asOf=yesterday"), ACCEPT_JSON)
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void theDailyJobRaisesATaskOnceAndTheSiteHearsOfIt() throws IOException {
        subscribe(fhir.as(SecurityClientsInitializer.SITE_STAFF), "/own");
        subscribe(fhir.as(SecurityClientsInitializer.OTHER_SITE_STAFF), "/other");

        LocalDate year3 = TREATED.plusYears(3).plusDays(61);
        assertThat(job.raise(year3.minusDays(1))).as("still within the window").isZero();
        assertThat(job.raise(year3)).isOne();
        assertThat(job.raise(year3)).as("raised once").isZero();

        List<LoggedRequest> deliveries = await().atMost(Duration.ofSeconds(60))
                .until(() -> listener.findAll(postRequestedFor(urlEqualTo("/own"))), found -> !found.isEmpty());
        Bundle notification = fhir.parse(Bundle.class, deliveries.get(0).getBodyAsString());
        Parameters status = (Parameters) notification.getEntryFirstRep().getResource();
        assertThat(status.getParameter("topic").getValue().primitiveValue()).isEqualTo(FollowUpTopic.URL);
        Task task = (Task) notification.getEntry().get(1).getResource();
        assertThat(task.getIdentifierFirstRep().getSystem()).isEqualTo(RegistryIdentifierSystems.FOLLOW_UP_CONTACT);
        assertThat(task.getIdentifierFirstRep().getValue()).isEqualTo(plan + "/" + TREATED.plusYears(3));
        assertThat(task.getBasedOnFirstRep().getReference()).isEqualTo("CarePlan/" + plan);
        assertThat(task.getCode().getCodingFirstRep().getCode()).isEqualTo("visit");

        // eleven years on: year 14's contact is raised; year 13's closed outside the lookback and is in the report
        assertThat(job.raise(TREATED.plusYears(14).plusDays(61))).isOne();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> listener.findAll(postRequestedFor(urlEqualTo("/own"))), found -> found.size() >= 2);
        assertThat(listener.findAll(postRequestedFor(urlEqualTo("/other"))))
                .as("another site hears nothing of this site's subjects")
                .isEmpty();
    }

    private JsonNode listed(LocalDate asOf) throws IOException {
        JsonNode report = json(fhir.get(root("api/follow-up/overdue?trial=" + trial + "&asOf=" + asOf), ACCEPT_JSON));
        assertThat(report.at("/asOf").asText()).isEqualTo(asOf.toString());
        for (JsonNode subject : report.at("/subjects")) {
            if (subject.at("/plan").asText().equals(plan)) {
                return subject;
            }
        }
        return null;
    }

    private CarePlan fifteenYearPlan(Reference individual) {
        Bundle example = ExampleTrials.bundle("aav-neuropathic-pain");
        CarePlan plan = example.getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .filter(CarePlan.class::isInstance)
                .map(CarePlan.class::cast)
                .findFirst()
                .orElseThrow();
        plan.setId((String) null);
        plan.getExtensionByUrl("https://regen-registry.org/fhir/StructureDefinition/trial")
                .setValue(new Reference("ResearchStudy/" + trial));
        plan.setSubject(individual);
        plan.setPeriod(new Period()
                .setStartElement(new DateTimeType(TREATED.toString()))
                .setEndElement(new DateTimeType(TREATED.plusYears(15).toString())));
        // the plan asks only for the first two years' visits; the guidance adds the rest
        plan.getActivity().subList(1, plan.getActivity().size()).clear();
        plan.getActivityFirstRep()
                .getDetail()
                .getScheduledTiming()
                .getRepeat()
                .setBounds(new Period()
                        .setStartElement(new DateTimeType(TREATED.plusYears(1).toString()))
                        .setEndElement(new DateTimeType(TREATED.plusYears(2).toString())));
        return plan;
    }

    private static Encounter encounter(Reference patient, LocalDate day) {
        Encounter encounter = new Encounter().setStatus(Encounter.EncounterStatus.FINISHED);
        encounter
                .getClass_()
                .setSystem("http://terminology.hl7.org/CodeSystem/v3-ActCode")
                .setCode("AMB");
        encounter.setSubject(patient);
        encounter.setPeriod(new Period().setStartElement(new DateTimeType(day.toString())));
        return encounter;
    }

    private static QuestionnaireResponse questionnaire(Reference patient, LocalDate day) {
        QuestionnaireResponse response =
                new QuestionnaireResponse().setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
        response.setSubject(patient);
        response.setAuthoredElement(new DateTimeType(day.toString()));
        return response;
    }

    private void subscribe(FhirHttp site, String path) {
        Subscription subscription = new Subscription();
        subscription.getMeta().addProfile(BACKPORT + "backport-subscription");
        subscription.setStatus(Subscription.SubscriptionStatus.REQUESTED);
        subscription.setReason("Tell the site's coordinator of overdue follow-up");
        subscription.setCriteria(FollowUpTopic.URL);
        subscription
                .getCriteriaElement()
                .addExtension(BACKPORT + "backport-filter-criteria", new StringType("Task?status=requested"));
        subscription
                .getChannel()
                .setType(Subscription.SubscriptionChannelType.RESTHOOK)
                .setEndpoint("http://localhost:" + listener.port() + path)
                .setPayload("application/fhir+json");
        subscription
                .getChannel()
                .getPayloadElement()
                .addExtension(BACKPORT + "backport-payload-content", new CodeType("full-resource"));
        IdType created =
                (IdType) site.client().create().resource(subscription).execute().getId();
        cleanUp.add(() -> site.client()
                .delete()
                .resourceById(created.toUnqualifiedVersionless())
                .execute());
        await().atMost(Duration.ofSeconds(60))
                .until(() -> client.read()
                                .resource(Subscription.class)
                                .withId(created.toVersionless())
                                .execute()
                                .getStatus()
                        == Subscription.SubscriptionStatus.ACTIVE);
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
