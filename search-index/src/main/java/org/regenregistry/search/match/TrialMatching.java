package org.regenregistry.search.match;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.regenregistry.search.facet.TrialQuery;
import org.regenregistry.search.trial.ConditionGroups;
import org.regenregistry.search.trial.TrialDocument;
import org.regenregistry.search.trial.TrialIndex;

/**
 * Finds the recruiting trials (recruiting, not yet recruiting, enrolling by invitation) whose conditions share a code
 * or a condition group with the patient's, or whose therapy family the patient is interested in, and judges each on
 * its structured eligibility; with the patient's place, the trials with a site within reach are read first. Ranked by
 * fewest failed criteria, then most met, then nearest site. The patient's data is only read here: nothing of it is
 * written, logged or kept.
 *
 * <p>Matching in the spirit of ClinicalTrials.gov's patient search and MITRE's clinical-trial-matching-service, which
 * likewise answer ranked trials for a patient's conditions and place.
 */
public final class TrialMatching {

    /** The candidates read from the index per query (those near the patient, then any), bounding a match's work. */
    static final int CANDIDATES = 500;

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    private static final double EARTH_RADIUS_KM = 6371.0088;

    private final ElasticsearchClient client;
    private final ConditionGroups groups = ConditionGroups.registry();

    public TrialMatching(ElasticsearchClient client) {
        this.client = client;
    }

    /** The best {@code limit} matches, best first. */
    public List<TrialMatch> match(PatientFacts patient, int limit) throws IOException {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        Set<String> patientGroups = new LinkedHashSet<>();
        patient.conditions().forEach(code -> patientGroups.addAll(groups.groupsOf(code.system(), code.code())));
        Map<String, TrialDocument> candidates = new LinkedHashMap<>();
        if (patient.near() != null) {
            read(Query.of(q -> q.bool(bool ->
                            bool.filter(candidates(patient, patientGroups)).filter(within(patient.near())))))
                    .forEach(trial -> candidates.put(trial.id(), trial));
        }
        read(candidates(patient, patientGroups)).forEach(trial -> candidates.putIfAbsent(trial.id(), trial));
        List<TrialMatch> matches = new ArrayList<>();
        for (TrialDocument trial : candidates.values()) {
            matches.add(judge(trial, patient, patientGroups));
        }
        matches.sort(Comparator.comparingInt(
                        (TrialMatch match) -> match.failed().size())
                .thenComparing(match -> -match.met().size())
                .thenComparing(match -> match.nearestSiteKm() == null ? Double.MAX_VALUE : match.nearestSiteKm())
                .thenComparing(TrialMatch::trialId));
        return List.copyOf(matches.subList(0, Math.min(limit, matches.size())));
    }

    /** Up to {@link #CANDIDATES} trials {@code query} finds. */
    private List<TrialDocument> read(Query query) throws IOException {
        SearchResponse<TrialDocument> response = client.search(
                search -> search.index(TrialIndex.ALIAS).size(CANDIDATES).query(query), TrialDocument.class);
        List<TrialDocument> trials = new ArrayList<>();
        for (Hit<TrialDocument> hit : response.hits().hits()) {
            trials.add(Objects.requireNonNull(hit.source()));
        }
        return trials;
    }

    /** A site within the patient's travel radius that has not stopped recruiting. */
    private static Query within(TrialQuery.Near near) {
        Query recruits = Query.of(q -> q.bool(open -> open.should(terms("sites.recruitment", TrialDocument.RECRUITING))
                .should(unsaid ->
                        unsaid.bool(none -> none.mustNot(said -> said.exists(e -> e.field("sites.recruitment")))))
                .minimumShouldMatch("1")));
        return Query.of(q -> q.nested(nested -> nested.path("sites")
                .query(site -> site.bool(
                        open -> open.filter(inReach -> inReach.geoDistance(distance -> distance.field("sites.position")
                                        .distance(near.km() + "km")
                                        .location(location -> location.latlon(
                                                point -> point.lat(near.lat()).lon(near.lon())))))
                                .filter(recruits)))));
    }

    private static Query candidates(PatientFacts patient, Set<String> patientGroups) {
        List<Query> pointers = new ArrayList<>();
        if (!patient.conditions().isEmpty()) {
            pointers.add(terms(
                    "conditions.code",
                    patient.conditions().stream().map(PatientFacts.Code::code).toList()));
        }
        if (!patientGroups.isEmpty()) {
            pointers.add(terms("conditionGroups", List.copyOf(patientGroups)));
        }
        if (!patient.therapyFamilies().isEmpty()) {
            pointers.add(terms("therapyFamilies", List.copyOf(patient.therapyFamilies())));
        }
        return Query.of(q -> q.bool(bool -> bool.filter(terms("recruitmentStatus", TrialDocument.RECRUITING))
                .should(pointers)
                .minimumShouldMatch("1")));
    }

    private static Query terms(String field, List<String> values) {
        return Query.of(q -> q.terms(terms -> terms.field(field)
                .terms(list -> list.value(values.stream().map(FieldValue::of).toList()))));
    }

    private TrialMatch judge(TrialDocument trial, PatientFacts patient, Set<String> patientGroups) {
        List<String> met = new ArrayList<>();
        List<String> notChecked = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        met.add("recruitment: " + trial.recruitmentStatus());
        condition(trial, patient, patientGroups, met, notChecked, failed);
        age(trial.eligibility(), patient.age(), met, notChecked, failed);
        sex(trial.eligibility(), patient.sex(), met, notChecked, failed);
        Double nearest = nearestSite(trial, patient.near(), met, notChecked, failed);
        if (!patient.therapyFamilies().isEmpty()) {
            List<String> shared = trial.therapyFamilies().stream()
                    .filter(patient.therapyFamilies()::contains)
                    .toList();
            if (shared.isEmpty()) {
                failed.add("therapy family: " + String.join(", ", trial.therapyFamilies()) + ", not one asked for");
            } else {
                met.add("therapy family: " + String.join(", ", shared));
            }
        }
        notChecked.add("the free-text inclusion and exclusion criteria (the trial's eligibility Group)");
        return new TrialMatch(
                trial.id(),
                trial.title(),
                trial.recruitmentStatus(),
                trial.phase(),
                trial.therapyFamilies(),
                trial.conditionNames(),
                met,
                notChecked,
                failed,
                nearest);
    }

    private static void condition(
            TrialDocument trial,
            PatientFacts patient,
            Set<String> patientGroups,
            List<String> met,
            List<String> notChecked,
            List<String> failed) {
        if (patient.conditions().isEmpty()) {
            notChecked.add("condition: none given");
            return;
        }
        for (PatientFacts.Code code : patient.conditions()) {
            for (TrialDocument.Condition condition : trial.conditions()) {
                if (code.code().equals(condition.code()) && Objects.equals(code.system(), condition.system())) {
                    met.add("condition: " + code.label() + " is a condition of the trial");
                    return;
                }
            }
        }
        List<String> shared =
                trial.conditionGroups().stream().filter(patientGroups::contains).toList();
        if (!shared.isEmpty()) {
            met.add("condition: in the trial's condition group " + String.join(", ", shared));
        } else {
            failed.add("condition: none of the patient's conditions is the trial's");
        }
    }

    private static void age(
            TrialDocument.Eligibility eligibility,
            BigDecimal age,
            List<String> met,
            List<String> notChecked,
            List<String> failed) {
        Integer min = eligibility == null ? null : eligibility.minAge();
        Integer max = eligibility == null ? null : eligibility.maxAge();
        String range = (min == null ? "any" : min) + " to " + (max == null ? "any" : max) + " years";
        if (age == null) {
            notChecked.add("age: " + range + ", the patient's age not given");
        } else if ((min != null && age.compareTo(BigDecimal.valueOf(min)) < 0)
                || (max != null && age.compareTo(BigDecimal.valueOf(max + 1L)) >= 0)) {
            failed.add("age: " + range + ", the patient is "
                    + age.stripTrailingZeros().toPlainString());
        } else {
            met.add("age: " + range);
        }
    }

    private static void sex(
            TrialDocument.Eligibility eligibility,
            String sex,
            List<String> met,
            List<String> notChecked,
            List<String> failed) {
        List<String> accepted = eligibility == null ? List.of() : eligibility.sexes();
        if (accepted.isEmpty()) {
            notChecked.add("sex: the trial names none");
        } else if (sex == null || sex.equals("unknown")) {
            notChecked.add("sex: " + String.join(" or ", accepted) + ", the patient's not given");
        } else if (accepted.contains(sex)) {
            met.add("sex: " + sex);
        } else {
            failed.add("sex: " + String.join(" or ", accepted) + ", the patient is " + sex);
        }
    }

    private static Double nearestSite(
            TrialDocument trial, TrialQuery.Near near, List<String> met, List<String> notChecked, List<String> failed) {
        if (near == null) {
            notChecked.add("distance: the patient's place not given");
            return null;
        }
        TrialDocument.Site nearest = null;
        double best = Double.MAX_VALUE;
        boolean anyClosed = false;
        for (TrialDocument.Site site : trial.sites()) {
            anyClosed |= site.position() != null && !site.open();
            if (site.position() != null && site.open()) {
                double km = km(
                        near.lat(),
                        near.lon(),
                        site.position().lat(),
                        site.position().lon());
                if (km < best) {
                    best = km;
                    nearest = site;
                }
            }
        }
        if (nearest == null) {
            if (anyClosed) {
                failed.add("distance: no site of the trial recruits any more");
            } else {
                notChecked.add("distance: no site of the trial has a position");
            }
            return null;
        }
        double rounded = Math.round(best * 10) / 10.0;
        String where = "distance: nearest site " + nearest.name() + ", " + nearest.city() + ", " + rounded + " km";
        if (best <= near.km()) {
            met.add(where);
        } else {
            failed.add(where + ", beyond " + near.km() + " km");
        }
        return rounded;
    }

    /** Great-circle distance (haversine). */
    static double km(double lat1, double lon1, double lat2, double lon2) {
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double a = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(lat1)) * Math.cos(Math.toRadians(lat2)) * Math.pow(Math.sin(dLon / 2), 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(a));
    }
}
