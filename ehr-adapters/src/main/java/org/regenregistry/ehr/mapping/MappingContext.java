package org.regenregistry.ehr.mapping;

import java.util.Objects;

/** Everything one subject's mapping needs besides the EHR resources: the site they come from and the enrolment. */
public record MappingContext(SourceSite site, Enrolment enrolment) {

    public MappingContext {
        Objects.requireNonNull(site, "site");
        Objects.requireNonNull(enrolment, "enrolment");
    }
}
