package org.regenregistry.ehr.mapping;

import java.util.List;

/**
 * The outcome of mapping one subject's EHR resources: every input resource is either in {@link #mapped()} or, with
 * its reason, in {@link #issues()}.
 */
public record SubjectMapping(List<MappedSource> mapped, List<MappingIssue> issues) {

    public SubjectMapping {
        mapped = List.copyOf(mapped);
        issues = List.copyOf(issues);
    }
}
