package org.regenregistry.search.facet;

import java.time.LocalDate;
import java.util.Map;
import java.util.Set;

/**
 * A researcher's trial search: free text, facet filters (values of one facet are alternatives, facets combine), the
 * filters that are not facets (eligible age, distance from a point, start-date range), sorting and a page.
 *
 * @param text words matched against title, description, keywords, sponsor and condition names; {@code null} for all
 * @param eligibleAge an age in years that the trial's eligibility range must include
 * @param page zero-based page number
 */
public record TrialQuery(
        String text,
        Map<Facet, Set<String>> filters,
        Integer eligibleAge,
        Near near,
        LocalDate startFrom,
        LocalDate startTo,
        Sort sort,
        int page,
        int size) {

    public static final int DEFAULT_PAGE_SIZE = 20;
    public static final int MAX_PAGE_SIZE = 100;

    /** Elasticsearch's {@code index.max_result_window}: no page may reach past it. */
    public static final int MAX_RESULT_WINDOW = 10_000;

    public TrialQuery {
        filters = Map.copyOf(filters);
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("size must be between 1 and " + MAX_PAGE_SIZE + ", was " + size);
        }
        if (page < 0) {
            throw new IllegalArgumentException("page must be 0 or more, was " + page);
        }
        if ((long) (page + 1) * size > MAX_RESULT_WINDOW) {
            throw new IllegalArgumentException("page " + page + " of size " + size + " reaches past the first "
                    + MAX_RESULT_WINDOW + " trials; narrow the search instead");
        }
        if (eligibleAge != null && (eligibleAge < 0 || eligibleAge > 150)) {
            throw new IllegalArgumentException("age must be between 0 and 150, was " + eligibleAge);
        }
        if (startFrom != null && startTo != null && startFrom.isAfter(startTo)) {
            throw new IllegalArgumentException("startFrom " + startFrom + " is after startTo " + startTo);
        }
    }

    /** All trials, first page. */
    public static TrialQuery all() {
        return new TrialQuery(null, Map.of(), null, null, null, null, Sort.RELEVANCE, 0, DEFAULT_PAGE_SIZE);
    }

    /**
     * Trials with a site within {@code km} kilometres of a point.
     *
     * @param km the radius in kilometres, more than 0 and at most 20,000
     */
    public record Near(double lat, double lon, double km) {

        public Near {
            if (lat < -90 || lat > 90 || lon < -180 || lon > 180) {
                throw new IllegalArgumentException(
                        "near: latitude must be within -90..90 and longitude within -180..180");
            }
            if (!(km > 0 && km <= 20_000)) {
                throw new IllegalArgumentException("near: the distance must be more than 0 and at most 20000 km");
            }
        }
    }

    /** Result orders; relevance applies to free text and falls back to the most recently started trials. */
    public enum Sort {
        RELEVANCE("relevance"),
        START_DATE("startDate"),
        START_DATE_DESC("-startDate"),
        TITLE("title"),
        LAST_UPDATED_DESC("-lastUpdated");

        private final String parameter;

        Sort(String parameter) {
            this.parameter = parameter;
        }

        public String parameter() {
            return parameter;
        }
    }
}
