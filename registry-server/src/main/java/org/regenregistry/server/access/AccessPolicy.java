package org.regenregistry.server.access;

import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.regenregistry.server.security.Caller;
import org.regenregistry.server.security.SecuritySettings.Role;
import org.regenregistry.server.security.SmartScope.Permission;

/**
 * Who may read and write which FHIR record: the effective right is what the caller's role allows, narrowed by the
 * token's SMART scopes, and for a site, to its own site's subject-level records.
 *
 * <table>
 *   <caption>Rights by role, before scopes</caption>
 *   <tr><th>role</th><th>read</th><th>write</th></tr>
 *   <tr><td>(no token)</td><td>conformance and trial-level records, when public</td><td>nothing</td></tr>
 *   <tr><td>registry-admin</td><td>as without a token</td><td>nothing</td></tr>
 *   <tr><td>researcher</td><td>conformance and trial-level records</td><td>nothing</td></tr>
 *   <tr><td>regulator</td><td>everything, every site</td><td>nothing</td></tr>
 *   <tr><td>site</td><td>conformance and trial-level records; its own site's subject-level records</td>
 *       <td>trial-level and subject-level records, its own site's only</td></tr>
 * </table>
 *
 * Conformance records need no scope (they are the public package every client validates against). A scope with
 * {@code ?param=value} restrictions grants a record only when the record matches them as a search would; before the
 * record is known (a search on its way in), it grants the request, whose results are then checked one by one. A
 * Bulk Data export's files are the exporting client's alone (and a regulator's, who reads every record).
 */
final class AccessPolicy {

    /** Whether a record matches a scope's restrictions, evaluated as the search parameters they name. */
    interface Restrictions {
        boolean hold(IBaseResource resource, Map<String, String> restrictions);
    }

    /** Audit records are the registry's own, append-only: no client writes one (21 CFR 11.10(e)), regulators read them. */
    private static final String AUDIT = "AuditEvent";

    private final boolean publicTrialRecords;
    private final Restrictions restrictions;

    AccessPolicy(boolean publicTrialRecords, Restrictions restrictions) {
        this.publicTrialRecords = publicTrialRecords;
        this.restrictions = restrictions;
    }

    /**
     * Whether {@code caller} may read records of {@code type} with {@code permission} (read or search); with {@code
     * resource}, that record, whose level and site then decide.
     */
    boolean mayRead(Caller caller, String type, IBaseResource resource, Permission permission) {
        if (exportFileRead(caller, type, resource, permission)) {
            return true;
        }
        RecordLevel level = resource == null ? RecordLevel.ofType(type) : RecordLevel.of(resource);
        if (caller.anonymous() || caller.is(Role.REGISTRY_ADMIN)) {
            return publicTrialRecords && level != RecordLevel.SUBJECT;
        }
        if (level == RecordLevel.CONFORMANCE) {
            return true;
        }
        if (AUDIT.equals(type) && !caller.is(Role.REGULATOR)) {
            return false;
        }
        if (!scoped(caller, type, resource, permission)) {
            return false;
        }
        return switch (caller.role()) {
            case REGULATOR -> true;
            case SITE -> level == RecordLevel.TRIAL || resource == null || SiteLabels.ownedBy(resource, caller.site());
            default -> level == RecordLevel.TRIAL;
        };
    }

    /**
     * Whether {@code caller} may create, update or delete ({@code permission}) a record of {@code type}; {@code
     * record}, when known, is the record written (for a delete, the stored record, which must be the site's own).
     */
    boolean mayWrite(Caller caller, String type, IBaseResource record, Permission permission) {
        if (!caller.is(Role.SITE) || RecordLevel.ofType(type) == RecordLevel.CONFORMANCE || AUDIT.equals(type)) {
            return false;
        }
        boolean own = permission != Permission.DELETE || record == null || SiteLabels.ownedBy(record, caller.site());
        return own && scoped(caller, type, record, permission);
    }

    /**
     * A Bulk Data export's file is read with the token of the client that started the export, which needs no scope
     * on Binary for it; before the file is known, any caller with a token may ask, and the file decides.
     */
    private static boolean exportFileRead(Caller caller, String type, IBaseResource resource, Permission permission) {
        if (caller.anonymous() || !"Binary".equals(type) || permission != Permission.READ) {
            return false;
        }
        return resource == null
                || BulkExportAccessInterceptor.requesterOf(resource)
                        .filter(caller.client()::equals)
                        .isPresent();
    }

    private boolean scoped(Caller caller, String type, IBaseResource record, Permission permission) {
        return record == null
                ? caller.scoped(type, permission)
                : caller.scoped(type, permission, restricted -> restrictions.hold(record, restricted));
    }
}
