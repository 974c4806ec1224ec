package org.regenregistry.ehr.mapping;

/** Raised by a resource mapper when its resource does not go to the registry; becomes a {@link MappingIssue}. */
final class NotMapped extends Exception {

    private final MappingIssue.Kind kind;

    private NotMapped(MappingIssue.Kind kind, String reason) {
        super(reason, null, false, false);
        this.kind = kind;
    }

    static NotMapped skipped(String reason) {
        return new NotMapped(MappingIssue.Kind.SKIPPED, reason);
    }

    static NotMapped unmappable(String reason) {
        return new NotMapped(MappingIssue.Kind.UNMAPPABLE, reason);
    }

    MappingIssue issue(String source) {
        return new MappingIssue(source, kind, getMessage());
    }
}
