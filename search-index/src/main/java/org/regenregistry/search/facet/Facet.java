package org.regenregistry.search.facet;

import java.util.Arrays;
import java.util.Optional;

/**
 * The trial facets researchers filter and count by: each is a query parameter of the search API, a keyword field of
 * the trial index and a count of trials per value in every response.
 */
public enum Facet {
    CONDITION("condition", "conditions.code", "conditions", "conditions.display.raw"),
    CONDITION_GROUP("conditionGroup", "conditionGroups"),
    THERAPY_FAMILY("therapyFamily", "therapyFamilies"),
    CELL_TYPE("cellType", "product.cellTypes"),
    TISSUE_SOURCE("tissueSource", "product.tissueSources"),
    DONOR_RELATIONSHIP("donorRelationship", "product.donorRelationships"),
    LEUKOCYTE_CLASS("leukocyteClass", "product.leukocyteClasses"),
    VECTOR_TYPE("vectorType", "product.vectorTypes"),
    PHASE("phase", "phase"),
    STATUS("status", "status"),
    RECRUITMENT_STATUS("recruitmentStatus", "recruitmentStatus"),
    COUNTRY("country", "sites.country", "sites", null),
    SEX("sex", "eligibility.sexes"),
    HAS_RESULTS("hasResults", "hasResults");

    private final String parameter;
    private final String field;
    private final String nestedPath;
    private final String labelField;

    Facet(String parameter, String field) {
        this(parameter, field, null, null);
    }

    Facet(String parameter, String field, String nestedPath, String labelField) {
        this.parameter = parameter;
        this.field = field;
        this.nestedPath = nestedPath;
        this.labelField = labelField;
    }

    /** The query parameter and the facet's name in responses. */
    public String parameter() {
        return parameter;
    }

    String field() {
        return field;
    }

    /** The nested object the field lives in (a trial has many conditions and sites), if any. */
    Optional<String> nestedPath() {
        return Optional.ofNullable(nestedPath);
    }

    /** A field that gives a readable label for a value (the display of a condition code), if any. */
    Optional<String> labelField() {
        return Optional.ofNullable(labelField);
    }

    public static Optional<Facet> forParameter(String parameter) {
        return Arrays.stream(values())
                .filter(facet -> facet.parameter.equals(parameter))
                .findFirst();
    }
}
