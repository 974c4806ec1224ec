package org.regenregistry.ehr.poll;

import org.hl7.fhir.r4.model.Resource;

/**
 * Takes the resources of a poll one at a time, as the pages arrive. An exception stops the poll and leaves the
 * high-water mark where it was, so the next poll hands the resources over again: accepting must be idempotent.
 */
@FunctionalInterface
public interface ResourceSink {

    /**
     * @param included whether the EHR added the resource with {@code _include} or {@code _revinclude} (search mode
     *     {@code include}) rather than as a match (<a href="https://hl7.org/fhir/R4/search.html#include">FHIR R4
     *     search</a>)
     */
    void accept(Resource resource, boolean included);
}
