package org.regenregistry.search.trial;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * One trial as researchers search it: the ResearchStudy flattened with what it refers to (eligibility group, sites,
 * sponsor, products, devices). Field names are those of {@code elasticsearch/trials-v1.json}.
 *
 * @param version the ResearchStudy's version id, compared with the database by the consistency check
 * @param revision how many registry writes have changed this trial's document so far; the index refuses a document
 *     whose revision is older than the one it holds, so a late or replayed write never makes it go back in time
 * @param conditionGroups the groupings of {@code conditions} ({@link ConditionGroups})
 * @param hasResults whether outcome scores have been recorded for the trial
 */
public record TrialDocument(
        String id,
        long version,
        long revision,
        Instant lastUpdated,
        List<String> identifiers,
        String title,
        String description,
        List<String> keywords,
        String status,
        String recruitmentStatus,
        String phase,
        List<String> therapyFamilies,
        List<String> therapySubtypes,
        List<Condition> conditions,
        List<String> conditionGroups,
        Product product,
        Device device,
        List<Site> sites,
        String sponsor,
        Eligibility eligibility,
        LocalDate startDate,
        LocalDate endDate,
        Integer targetEnrollment,
        Integer actualEnrollment,
        int subjects,
        int adverseEvents,
        int seriousAdverseEvents,
        boolean hasResults) {

    /**
     * The recruitment statuses (recruitment-status codes) under which a patient may still be enrolled, in a trial or
     * at one of its sites.
     */
    public static final List<String> RECRUITING =
            List.of("recruiting", "not-yet-recruiting", "enrolling-by-invitation");

    /** The names of the treated conditions, their codes where a condition has no name; each once. */
    public List<String> conditionNames() {
        return conditions.stream()
                .map(condition -> condition.display() == null ? condition.code() : condition.display())
                .distinct()
                .toList();
    }

    /** A treated condition, as coded (SNOMED CT or ICD-10-CM). */
    public record Condition(String system, String code, String display) {}

    /** Attributes of the trial's investigational products, for product facets. */
    public record Product(
            List<String> cellTypes,
            List<String> tissueSources,
            List<String> donorRelationships,
            List<String> leukocyteClasses,
            List<String> vectorTypes,
            Boolean integrating) {}

    /**
     * What the trial's neuromodulation devices are, for device facets.
     *
     * @param implanted whether any of them is implanted; {@code false} when all are non-invasive, {@code null} when the
     *     trial names no device
     */
    public record Device(List<String> modalities, List<String> paradigms, Boolean implanted) {}

    /**
     * A site, with its position for distance search.
     *
     * @param recruitment whether the site recruits for this trial (a recruitment-status code), when the trial says
     */
    public record Site(String name, String city, String country, GeoPoint position, String recruitment) {

        /** Whether a patient may still be enrolled here: the site recruits, will, or does not say. */
        public boolean open() {
            return recruitment == null || RECRUITING.contains(recruitment);
        }
    }

    /** Elasticsearch's {@code geo_point} object form. */
    public record GeoPoint(double lat, double lon) {}

    /** Who may enrol: age range in years and accepted sexes. */
    public record Eligibility(Integer minAge, Integer maxAge, List<String> sexes) {}
}
