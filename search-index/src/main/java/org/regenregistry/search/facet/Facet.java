package org.regenregistry.search.facet;

import java.util.Arrays;
import java.util.Optional;

/**
 * The trial facets researchers filter and count by: each is a query parameter of the search API, a keyword field of
 * the trial index and a count of trials per value in every response. Conditions and sites are nested objects that the
 * mapping also copies into the trial itself ({@code include_in_root}), so their facets count trials directly.
 */
public enum Facet {
    CONDITION("condition", "conditions.code"),
    CONDITION_GROUP("conditionGroup", "conditionGroups"),
    THERAPY_FAMILY("therapyFamily", "therapyFamilies"),
    /** The kind within the family: a neuromodulation trial's modality (scs, drg, tms...), an integrative method. */
    THERAPY_SUBTYPE("therapySubtype", "therapySubtypes"),
    CELL_TYPE("cellType", "product.cellTypes"),
    TISSUE_SOURCE("tissueSource", "product.tissueSources"),
    DONOR_RELATIONSHIP("donorRelationship", "product.donorRelationships"),
    LEUKOCYTE_CLASS("leukocyteClass", "product.leukocyteClasses"),
    VECTOR_TYPE("vectorType", "product.vectorTypes"),
    PHASE("phase", "phase"),
    STATUS("status", "status"),
    RECRUITMENT_STATUS("recruitmentStatus", "recruitmentStatus"),
    COUNTRY("country", "sites.country"),
    SEX("sex", "eligibility.sexes"),
    HAS_RESULTS("hasResults", "hasResults");

    private final String parameter;
    private final String field;

    Facet(String parameter, String field) {
        this.parameter = parameter;
        this.field = field;
    }

    /** The query parameter and the facet's name in responses. */
    public String parameter() {
        return parameter;
    }

    String field() {
        return field;
    }

    public static Optional<Facet> forParameter(String parameter) {
        return Arrays.stream(values())
                .filter(facet -> facet.parameter.equals(parameter))
                .findFirst();
    }
}
