package org.regenregistry.server.followup;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceOrListParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.param.UriParam;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ResearchSubject;
import org.hl7.fhir.r4.model.Timing;
import org.regenregistry.profiles.RegistryCodeSystems;
import org.regenregistry.profiles.RegistryExtensions;
import org.regenregistry.profiles.RegistryProfiles;
import org.regenregistry.server.access.SiteLabels;
import org.regenregistry.server.system.FhirDates;
import org.regenregistry.server.system.SearchResults;
import org.springframework.stereotype.Component;

/**
 * Reads what follow-up is assessed from: the follow-up plans (CarePlans of rr-follow-up-plan) of a trial, a site or
 * all, their subjects' withdrawals, and every Encounter, Observation and QuestionnaireResponse of those subjects with
 * its day. Subjects are read a hundred at a time.
 */
@Component
class FollowUpRecords {

    private static final int BATCH = 100;

    /** The most records of one batch of subjects read (15 years of a hundred subjects' records fit many times). */
    private static final int MAX_RECORDS = 500_000;

    /** How long follow-up lasts when neither an activity nor the plan says: the longest the guidance asks. */
    private static final Period LONGEST = Period.ofYears(15);

    private final DaoRegistry daos;
    private final FollowUpSettings settings;

    FollowUpRecords(DaoRegistry daos, FollowUpSettings settings) {
        this.daos = daos;
        this.settings = settings;
    }

    /**
     * A subject's follow-up as stored.
     *
     * @param plan the plan
     * @param withdrawnOn the day the subject withdrew from the plan's trial, or null
     * @param contacts the subject's records
     */
    record Subject(FollowUpPlan plan, LocalDate withdrawnOn, List<FollowUpAssessment.Contact> contacts) {}

    /**
     * The follow-up of every subject with a plan, of one trial and one site where given.
     *
     * @throws IllegalArgumentException when there are more plans than {@code registry.follow-up.max-plans}
     */
    List<Subject> read(String trial, String site) {
        SearchParameterMap search = SearchParameterMap.newSynchronous();
        search.setLoadSynchronousUpTo(settings.maxPlans() + 1);
        search.add("_profile", new UriParam(RegistryProfiles.FOLLOW_UP_PLAN));
        if (trial != null) {
            search.add("trial", new ReferenceParam("ResearchStudy/" + trial));
        }
        if (site != null) {
            search.add("_security", new TokenParam(RegistryCodeSystems.SOURCE_SITE, site));
        }
        List<IBaseResource> found =
                SearchResults.all(daos.getResourceDao(CarePlan.class).search(search, request()));
        if (found.size() > settings.maxPlans()) {
            throw new IllegalArgumentException("more than " + settings.maxPlans()
                    + " follow-up plans (registry.follow-up.max-plans): name a trial or a site");
        }
        List<FollowUpPlan> plans = found.stream()
                .map(CarePlan.class::cast)
                .map(FollowUpRecords::plan)
                .flatMap(Optional::stream)
                .toList();
        List<Subject> subjects = new ArrayList<>();
        for (int from = 0; from < plans.size(); from += BATCH) {
            List<FollowUpPlan> batch = plans.subList(from, Math.min(plans.size(), from + BATCH));
            Map<String, List<FollowUpAssessment.Contact>> contacts = contacts(batch);
            Map<String, LocalDate> withdrawals = withdrawals(batch);
            for (FollowUpPlan plan : batch) {
                subjects.add(new Subject(
                        plan,
                        withdrawals.get(plan.trial() + " " + plan.patient()),
                        contacts.getOrDefault(plan.patient(), List.of())));
            }
        }
        return subjects;
    }

    /** The plan as the schedule reads it; empty for a plan without a subject or a start. */
    static Optional<FollowUpPlan> plan(CarePlan carePlan) {
        if (!carePlan.hasSubject() || !carePlan.getPeriod().hasStart()) {
            return Optional.empty();
        }
        LocalDate start = FhirDates.day(carePlan.getPeriod().getStartElement());
        LocalDate end = carePlan.getPeriod().hasEnd()
                ? FhirDates.day(carePlan.getPeriod().getEndElement())
                : start.plus(LONGEST);
        List<FollowUpPlan.Activity> activities = new ArrayList<>();
        for (CarePlan.CarePlanActivityComponent activity : carePlan.getActivity()) {
            CarePlan.CarePlanActivityDetailComponent detail = activity.getDetail();
            String code = code(detail.getCode(), RegistryCodeSystems.FOLLOW_UP_ACTIVITY)
                    .orElse(null);
            if (code == null || !detail.hasScheduledTiming()) {
                continue;
            }
            Timing.TimingRepeatComponent repeat = detail.getScheduledTiming().getRepeat();
            LocalDate first =
                    repeat.hasBoundsPeriod() && repeat.getBoundsPeriod().hasStart()
                            ? FhirDates.day(repeat.getBoundsPeriod().getStartElement())
                            : start;
            LocalDate last =
                    repeat.hasBoundsPeriod() && repeat.getBoundsPeriod().hasEnd()
                            ? FhirDates.day(repeat.getBoundsPeriod().getEndElement())
                            : end;
            activities.add(new FollowUpPlan.Activity(
                    code, first, last, interval(repeat).orElse(null)));
        }
        return Optional.of(new FollowUpPlan(
                carePlan.getIdElement().getIdPart(),
                Optional.ofNullable(carePlan.getExtensionByUrl(RegistryExtensions.TRIAL))
                        .map(extension -> ((Reference) extension.getValue())
                                .getReferenceElement()
                                .getIdPart())
                        .orElse(null),
                carePlan.getSubject()
                        .getReferenceElement()
                        .toUnqualifiedVersionless()
                        .getValue(),
                SiteLabels.siteOf(carePlan).orElse(null),
                Optional.ofNullable(carePlan.getExtensionByUrl(RegistryExtensions.FOLLOW_UP_CATEGORY))
                        .flatMap(extension ->
                                code((CodeableConcept) extension.getValue(), RegistryCodeSystems.FOLLOW_UP_CATEGORY))
                        .orElse("standard"),
                start,
                activities));
    }

    /**
     * A repeat's interval: {@code period periodUnit} divided by {@code frequency} (2 per 1 a is every 6 months); none
     * for a timing without a period.
     */
    static Optional<Period> interval(Timing.TimingRepeatComponent repeat) {
        if (!repeat.hasPeriod() || !repeat.hasPeriodUnit()) {
            return Optional.empty();
        }
        int frequency = repeat.hasFrequency() ? Math.max(1, repeat.getFrequency()) : 1;
        double period = repeat.getPeriod().doubleValue() / frequency;
        return Optional.of(
                switch (repeat.getPeriodUnit()) {
                    case A -> period == Math.rint(period)
                            ? Period.ofYears((int) period)
                            : Period.ofMonths((int) Math.round(period * 12));
                    case MO -> period == Math.rint(period)
                            ? Period.ofMonths((int) period)
                            : Period.ofDays((int) Math.round(period * 30.436875));
                    case WK -> Period.ofDays((int) Math.round(period * 7));
                    default -> Period.ofDays(Math.max(1, (int) Math.round(period)));
                });
    }

    private Map<String, List<FollowUpAssessment.Contact>> contacts(List<FollowUpPlan> plans) {
        Map<String, List<FollowUpAssessment.Contact>> contacts = new HashMap<>();
        for (String type : List.of("Encounter", "Observation", "QuestionnaireResponse")) {
            SearchParameterMap search = SearchParameterMap.newSynchronous();
            search.setLoadSynchronousUpTo(MAX_RECORDS + 1);
            search.add("subject", patients(plans));
            List<IBaseResource> found =
                    SearchResults.all(daos.getResourceDao(type).search(search, request()));
            if (found.size() > MAX_RECORDS) {
                throw new IllegalStateException("more than " + MAX_RECORDS + " " + type + " records of 100 subjects");
            }
            for (IBaseResource resource : found) {
                String patient;
                LocalDate day;
                if (resource instanceof Encounter encounter
                        && encounter.getPeriod().hasStart()) {
                    patient = subject(encounter.getSubject());
                    day = FhirDates.day(encounter.getPeriod().getStartElement());
                } else if (resource instanceof Observation observation && observation.hasEffective()) {
                    patient = subject(observation.getSubject());
                    day = observation.hasEffectiveDateTimeType()
                            ? FhirDates.day(observation.getEffectiveDateTimeType())
                            : observation.hasEffectivePeriod()
                                            && observation.getEffectivePeriod().hasStart()
                                    ? FhirDates.day(
                                            observation.getEffectivePeriod().getStartElement())
                                    : null;
                } else if (resource instanceof QuestionnaireResponse response && response.hasAuthored()) {
                    patient = subject(response.getSubject());
                    day = FhirDates.day(response.getAuthoredElement());
                } else {
                    continue;
                }
                if (day != null) {
                    contacts.computeIfAbsent(patient, key -> new ArrayList<>())
                            .add(new FollowUpAssessment.Contact(type, day));
                }
            }
        }
        return contacts;
    }

    /** The days subjects withdrew, by trial and patient ({@code trial + " " + patient}). */
    private Map<String, LocalDate> withdrawals(List<FollowUpPlan> plans) {
        SearchParameterMap search = SearchParameterMap.newSynchronous();
        search.add("patient", patients(plans));
        search.add("status", new TokenParam(ResearchSubject.ResearchSubjectStatus.WITHDRAWN.toCode()));
        Map<String, LocalDate> withdrawals = new HashMap<>();
        for (IBaseResource resource :
                SearchResults.all(daos.getResourceDao(ResearchSubject.class).search(search, request()))) {
            ResearchSubject subject = (ResearchSubject) resource;
            LocalDate day = subject.getPeriod().hasEnd()
                    ? FhirDates.day(subject.getPeriod().getEndElement())
                    : LocalDate.ofInstant(subject.getMeta().getLastUpdated().toInstant(), ZoneOffset.UTC);
            withdrawals.put(
                    subject.getStudy().getReferenceElement().getIdPart() + " " + subject(subject.getIndividual()), day);
        }
        return withdrawals;
    }

    private static ReferenceOrListParam patients(List<FollowUpPlan> plans) {
        ReferenceOrListParam patients = new ReferenceOrListParam();
        plans.stream()
                .map(FollowUpPlan::patient)
                .distinct()
                .forEach(patient -> patients.addOr(new ReferenceParam(patient)));
        return patients;
    }

    private static String subject(Reference reference) {
        return reference.getReferenceElement().toUnqualifiedVersionless().getValue();
    }

    private static Optional<String> code(CodeableConcept concept, String system) {
        return concept.getCoding().stream()
                .filter(coding -> system.equals(coding.getSystem()))
                .map(coding -> coding.getCode())
                .findFirst();
    }

    private static SystemRequestDetails request() {
        return new SystemRequestDetails();
    }
}
