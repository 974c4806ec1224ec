package org.regenregistry.search.facet;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * One page of matching trials and, for every facet, how many trials each value would match with all the other
 * filters applied.
 *
 * @param total how many trials match every filter
 * @param facets per facet parameter name, its values by count (highest first)
 */
public record TrialSearchResult(long total, int page, int size, List<Hit> hits, Map<String, List<FacetCount>> facets) {

    /**
     * A matching trial, with enough to list it; the full record is the FHIR ResearchStudy of the same id.
     *
     * @param sites how many sites the trial names
     * @param targetEnrollment the enrolment the trial plans, where it states one
     * @param subjects the trial's subjects in the registry, {@code null} where not shown ({@link #withSubjectsBelow})
     */
    public record Hit(
            String id,
            String title,
            String status,
            String recruitmentStatus,
            String phase,
            List<String> therapyFamilies,
            List<String> therapySubtypes,
            List<String> conditions,
            List<String> conditionGroups,
            List<String> countries,
            int sites,
            String sponsor,
            LocalDate startDate,
            LocalDate endDate,
            Integer targetEnrollment,
            Integer subjects,
            boolean hasResults) {

        /**
         * This hit, its subject count left out when it is above zero and below {@code threshold}: a count that small
         * can point at a person (small-cell suppression).
         */
        public Hit withSubjectsBelow(int threshold) {
            if (subjects == null || subjects == 0 || subjects >= threshold) {
                return this;
            }
            return new Hit(
                    id,
                    title,
                    status,
                    recruitmentStatus,
                    phase,
                    therapyFamilies,
                    therapySubtypes,
                    conditions,
                    conditionGroups,
                    countries,
                    sites,
                    sponsor,
                    startDate,
                    endDate,
                    targetEnrollment,
                    null,
                    hasResults);
        }
    }

    /**
     * @param label a readable name for the value where the index has one (condition display), else {@code null}
     * @param count trials that have this value
     */
    public record FacetCount(String value, String label, long count) {}
}
