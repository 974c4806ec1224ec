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
    /** The neuromodulation device's modality (scs, drg, pns, tms, rtms, tdcs, dbs, tens), from the trial's devices. */
    MODALITY("modality", "device.modalities"),
    PARADIGM("paradigm", "device.paradigms"),
    IMPLANTED("implanted", "device.implanted", true),
    PHASE("phase", "phase"),
    STATUS("status", "status"),
    RECRUITMENT_STATUS("recruitmentStatus", "recruitmentStatus"),
    COUNTRY("country", "sites.country"),
    SEX("sex", "eligibility.sexes"),
    HAS_RESULTS("hasResults", "hasResults", true);

    private final String parameter;
    private final String field;
    private final boolean yesNo;

    Facet(String parameter, String field) {
        this(parameter, field, false);
    }

    Facet(String parameter, String field, boolean yesNo) {
        this.parameter = parameter;
        this.field = field;
        this.yesNo = yesNo;
    }

    /** Whether the facet's values are {@code true} and {@code false} only. */
    public boolean yesNo() {
        return yesNo;
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
