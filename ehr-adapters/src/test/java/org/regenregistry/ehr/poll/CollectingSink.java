package org.regenregistry.ehr.poll;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Resource;

/** Keeps what a poll handed over, in order. */
final class CollectingSink implements ResourceSink {

    private final List<String> matches = new ArrayList<>();
    private final List<String> includes = new ArrayList<>();
    private final List<Resource> resources = new ArrayList<>();

    @Override
    public void accept(Resource resource, boolean included) {
        String id = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
        (included ? includes : matches).add(id);
        resources.add(resource);
    }

    /** The matches as Type/id. */
    List<String> matches() {
        return matches;
    }

    /** The included resources as Type/id. */
    List<String> includes() {
        return includes;
    }

    List<Resource> resources() {
        return resources;
    }
}
