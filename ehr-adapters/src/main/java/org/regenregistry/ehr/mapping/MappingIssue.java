package org.regenregistry.ehr.mapping;

import java.util.Locale;

/**
 * Why one EHR resource did not reach the registry, in words a site coordinator can act on. It names the EHR resource
 * as the EHR does, and some EHRs use the MRN as Patient id: issues are for the site's operators, never registry data.
 *
 * @param source the EHR resource, {@code <Type>/<id>}
 */
public record MappingIssue(String source, Kind kind, String reason) {

    /** Whether the resource is no registry matter at all, or one the registry wants but cannot take as it is. */
    public enum Kind {
        /** Not a registry resource (an Observation that is no outcome score, an Encounter...). */
        SKIPPED,
        /** A registry resource lacking what the registry profiles require, or not about the subject. */
        UNMAPPABLE
    }

    @Override
    public String toString() {
        return source + " " + kind.name().toLowerCase(Locale.ROOT) + ": " + reason;
    }
}
