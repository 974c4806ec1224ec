package org.regenregistry.server.outcomes;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.UriOrListParam;
import ca.uhn.fhir.rest.param.UriParam;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.ResearchStudy;
import org.hl7.fhir.r4.model.ResearchSubject;
import org.regenregistry.profiles.RegistryProfiles;
import org.regenregistry.server.system.FhirDates;
import org.regenregistry.server.system.SearchResults;
import org.regenregistry.statistics.Course;
import org.springframework.stereotype.Component;

/**
 * Reads what a trial's summaries are computed from: its arms, its subjects (arm, start, withdrawal) and their pain and
 * function scores, as stored now. Scores count when final, amended or corrected (an entered-in-error or cancelled one
 * does not); a score's day is its effective date as written, in its own time zone.
 */
@Component
class TrialScores {

    private static final Set<Observation.ObservationStatus> COUNTED = Set.of(
            Observation.ObservationStatus.FINAL,
            Observation.ObservationStatus.AMENDED,
            Observation.ObservationStatus.CORRECTED);

    private static final Set<ResearchSubject.ResearchSubjectStatus> LEFT =
            Set.of(ResearchSubject.ResearchSubjectStatus.WITHDRAWN, ResearchSubject.ResearchSubjectStatus.OFFSTUDY);

    private final DaoRegistry daos;
    private final OutcomeSettings settings;

    TrialScores(DaoRegistry daos, OutcomeSettings settings) {
        this.daos = daos;
        this.settings = settings;
    }

    /**
     * A trial's arms (name to arm-type code) and, per instrument code, its subjects' courses.
     *
     * @param arms each arm's type code (null where it has none), in the trial's order
     * @param courses per instrument, every subject's scores; subjects without a score on it are there with none
     */
    record Trial(Map<String, String> arms, Map<String, List<Course>> courses) {}

    /** The trial's ResearchStudy as stored now, or empty when it is not (deleted, or never written). */
    Optional<ResearchStudy> study(String trialId) {
        try {
            return Optional.of((ResearchStudy) daos.getResourceDao(ResearchStudy.class)
                    .read(new IdType("ResearchStudy", trialId), new SystemRequestDetails()));
        } catch (ResourceNotFoundException | ResourceGoneException e) {
            return Optional.empty();
        }
    }

    /** The trial as stored now, or empty when it is not. */
    Optional<Trial> read(String trialId) {
        return study(trialId).map(study -> read(trialId, study));
    }

    private Trial read(String trialId, ResearchStudy study) {
        Map<String, String> arms = new LinkedHashMap<>();
        study.getArm()
                .forEach(arm -> arms.put(
                        arm.getName(),
                        arm.getType().getCoding().stream()
                                .findFirst()
                                .map(coding -> coding.getCode())
                                .orElse(null)));

        Map<String, ResearchSubject> subjects = new HashMap<>();
        search(ResearchSubject.class, "study", trialId, null).forEach(resource -> {
            ResearchSubject subject = (ResearchSubject) resource;
            if (subject.hasIndividual() && subject.getPeriod().hasStart()) {
                subjects.put(
                        subject.getIndividual()
                                .getReferenceElement()
                                .toUnqualifiedVersionless()
                                .getValue(),
                        subject);
            }
        });

        UriOrListParam profiles = new UriOrListParam()
                .addOr(new UriParam(RegistryProfiles.PAIN_SCORE))
                .addOr(new UriParam(RegistryProfiles.FUNCTION_SCORE));
        Map<String, Map<String, List<Course.Score>>> scores = new HashMap<>();
        search(Observation.class, "trial", trialId, profiles).forEach(resource -> {
            Observation observation = (Observation) resource;
            String patient = observation
                    .getSubject()
                    .getReferenceElement()
                    .toUnqualifiedVersionless()
                    .getValue();
            Optional<Double> value = value(observation);
            if (!COUNTED.contains(observation.getStatus())
                    || !subjects.containsKey(patient)
                    || value.isEmpty()
                    || !observation.hasEffectiveDateTimeType()) {
                return;
            }
            observation.getCode().getCoding().stream()
                    .map(coding -> coding.getCode())
                    .filter(code -> Instruments.of(code).isPresent())
                    .findFirst()
                    .ifPresent(code -> scores.computeIfAbsent(code, key -> new HashMap<>())
                            .computeIfAbsent(patient, key -> new ArrayList<>())
                            .add(new Course.Score(FhirDates.day(observation.getEffectiveDateTimeType()), value.get())));
        });

        Map<String, List<Course>> courses = new LinkedHashMap<>();
        scores.forEach((instrument, byPatient) -> courses.put(
                instrument,
                subjects.entrySet().stream()
                        .map(entry -> new Course(
                                entry.getValue().getIdElement().getIdPart(),
                                entry.getValue().getAssignedArm(),
                                FhirDates.day(entry.getValue().getPeriod().getStartElement()),
                                LEFT.contains(entry.getValue().getStatus()),
                                byPatient.getOrDefault(entry.getKey(), List.of())))
                        .sorted(Comparator.comparing(Course::subject))
                        .toList()));
        return new Trial(arms, courses);
    }

    private List<IBaseResource> search(
            Class<? extends IBaseResource> type, String parameter, String trialId, UriOrListParam profiles) {
        SearchParameterMap search = SearchParameterMap.newSynchronous();
        search.setLoadSynchronousUpTo(settings.maxScores() + 1);
        search.add(parameter, new ReferenceParam("ResearchStudy/" + trialId));
        if (profiles != null) {
            search.add("_profile", profiles);
        }
        List<IBaseResource> found =
                SearchResults.all(daos.getResourceDao(type).search(search, new SystemRequestDetails()));
        if (found.size() > settings.maxScores()) {
            throw new IllegalStateException("trial " + trialId + " has more than " + settings.maxScores() + " "
                    + type.getSimpleName() + " records (registry.outcomes.max-scores)");
        }
        return found;
    }

    private static Optional<Double> value(Observation observation) {
        if (observation.hasValueIntegerType()) {
            return Optional.of(observation.getValueIntegerType().getValue().doubleValue());
        }
        if (observation.hasValueQuantity() && observation.getValueQuantity().hasValue()) {
            return Optional.of(observation.getValueQuantity().getValue().doubleValue());
        }
        return Optional.empty();
    }
}
