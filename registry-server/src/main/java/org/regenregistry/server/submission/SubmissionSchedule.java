package org.regenregistry.server.submission;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirResourceDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ParamPrefixEnum;
import ca.uhn.fhir.rest.param.QuantityParam;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ResearchStudy;
import org.regenregistry.profiles.RegistryIdentifierSystems;
import org.springframework.stereotype.Component;

/**
 * What each site owes: for every trial with a reporting schedule, each period that has begun, for each of the
 * trial's sites, whether it was submitted, is still open or is overdue. A trial's sites are those its {@code site}
 * Locations name by the registry's site identifier, and those that have submitted for it.
 */
@Component
class SubmissionSchedule {

    /** The most trials one schedule covers; a regulator narrows by trial beyond that. */
    static final int MAX_TRIALS = 1_000;

    private final SubmissionStore store;
    private final DaoRegistry daos;

    SubmissionSchedule(SubmissionStore store, DaoRegistry daos) {
        this.store = store;
        this.daos = daos;
    }

    /**
     * One period of one site: {@code submitted} (a submission not rejected), {@code open} (not yet due) or {@code
     * overdue}.
     */
    record Due(
            String trial,
            String site,
            LocalDate periodStart,
            LocalDate periodEnd,
            LocalDate due,
            String status,
            String submission,
            String reviewState,
            long daysOverdue) {}

    /** The overdue periods among {@link #schedule}'s, most overdue first. */
    List<Due> overdue(String trial, String site, LocalDate today) {
        return schedule(trial, site, today).stream()
                .filter(due -> "overdue".equals(due.status()))
                .sorted(Comparator.comparingLong(Due::daysOverdue).reversed())
                .toList();
    }

    /** The periods of {@code trial} (or of every scheduled trial) for {@code site} (or every site), as of {@code today}. */
    List<Due> schedule(String trial, String site, LocalDate today) {
        List<Due> due = new ArrayList<>();
        for (ResearchStudy study : trials(trial)) {
            Optional<ReportingSchedule> schedule = ReportingSchedule.of(study);
            if (schedule.isEmpty()) {
                continue;
            }
            String trialId = study.getIdElement().getIdPart();
            Map<String, Submission> submitted = store.currentOfTrial(trialId).stream()
                    .collect(Collectors.toMap(Submission::currentKey, Function.identity()));
            TreeSet<String> sites = new TreeSet<>(sitesOf(study));
            submitted.values().forEach(submission -> sites.add(submission.site()));
            for (String each : sites) {
                if (site != null && !site.equals(each)) {
                    continue;
                }
                for (ReportingSchedule.Period period : schedule.get().periodsStartingBy(today)) {
                    Submission submission =
                            submitted.get(Submission.currentKey(trialId, each, period.start(), period.end()));
                    boolean done = submission != null && !"rejected".equals(submission.state());
                    boolean late = !done && period.overdueOn(today);
                    due.add(new Due(
                            trialId,
                            each,
                            period.start(),
                            period.end(),
                            period.due(),
                            done ? "submitted" : late ? "overdue" : "open",
                            submission == null ? null : submission.id(),
                            submission == null ? null : submission.state(),
                            late ? ChronoUnit.DAYS.between(period.due(), today) : 0));
                }
            }
        }
        return due;
    }

    private List<ResearchStudy> trials(String trial) {
        IFhirResourceDao<?> studies = daos.getResourceDao("ResearchStudy");
        if (trial != null) {
            try {
                return List.of(
                        (ResearchStudy) studies.read(new IdType("ResearchStudy", trial), new SystemRequestDetails()));
            } catch (BaseServerResponseException gone) {
                throw new Submissions.NotFound("No trial has id " + trial);
            }
        }
        SearchParameterMap scheduled = SearchParameterMap.newSynchronous(
                "reporting-period", new QuantityParam(ParamPrefixEnum.GREATERTHAN, 0, null, null));
        scheduled.setCount(MAX_TRIALS);
        IBundleProvider found = studies.search(scheduled, new SystemRequestDetails());
        return found.getResources(0, MAX_TRIALS).stream()
                .map(ResearchStudy.class::cast)
                .toList();
    }

    /** The registry sites a trial's {@code site} Locations name. */
    private List<String> sitesOf(ResearchStudy study) {
        IFhirResourceDao<?> locations = daos.getResourceDao("Location");
        List<String> sites = new ArrayList<>();
        for (Reference reference : study.getSite()) {
            if (!reference.hasReference()) {
                continue;
            }
            try {
                IBaseResource location = locations.read(
                        new IdType(reference.getReference()).toUnqualifiedVersionless(), new SystemRequestDetails());
                ((Location) location)
                        .getIdentifier().stream()
                                .filter(identifier -> RegistryIdentifierSystems.SITE.equals(identifier.getSystem()))
                                .map(Identifier::getValue)
                                .forEach(sites::add);
            } catch (BaseServerResponseException gone) {
                // a site Location that is gone names no site
            }
        }
        return sites;
    }
}
