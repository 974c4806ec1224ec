package org.regenregistry.server.access;

import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilder;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleTester;
import ca.uhn.fhir.rest.server.interceptor.auth.PolicyEnum;
import ca.uhn.fhir.rest.server.interceptor.auth.RuleBuilder;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Patient;
import org.regenregistry.server.request.ErrorResponses;
import org.regenregistry.server.security.BearerErrors;
import org.regenregistry.server.security.Caller;
import org.regenregistry.server.security.ResourceServerConfig;
import org.regenregistry.server.security.SecuritySettings;
import org.regenregistry.server.security.SecuritySettings.Role;
import org.regenregistry.server.security.SmartScope;
import org.regenregistry.server.security.SmartScope.Permission;
import org.regenregistry.server.system.RequestInterceptor;
import org.springframework.stereotype.Component;

/**
 * The FHIR endpoint's access rules, as HAPI's {@link AuthorizationInterceptor} applies them on every route: writes
 * before they happen, reads after the data is fetched, one resource at a time (search results, {@code _include}s,
 * history, paging, {@code $everything}, transaction entries). What each caller may do is {@link AccessPolicy}'s
 * decision; this class turns it into HAPI rules. SMART's create and update are told apart by the rule testers,
 * which see the operation (HAPI's {@code write()} rule alone grants both, <a
 * href="https://github.com/hapifhir/hapi-fhir/issues/5715">hapi-fhir#5715</a>).
 *
 * <p>A refusal answers 401 with a {@code Bearer} challenge when the request carried no token, 403 with what was
 * missing otherwise.
 */
@Component
@Interceptor
public class FhirAccessInterceptor extends AuthorizationInterceptor implements RequestInterceptor {

    private static final Set<RestOperationTypeEnum> SEARCHES = EnumSet.of(
            RestOperationTypeEnum.SEARCH_TYPE,
            RestOperationTypeEnum.SEARCH_SYSTEM,
            RestOperationTypeEnum.HISTORY_TYPE,
            RestOperationTypeEnum.HISTORY_SYSTEM,
            RestOperationTypeEnum.GET_PAGE);

    /** Searches and histories across all types, for those who may read every record only. */
    private static final Set<RestOperationTypeEnum> SYSTEM_WIDE =
            EnumSet.of(RestOperationTypeEnum.SEARCH_SYSTEM, RestOperationTypeEnum.HISTORY_SYSTEM);

    private final AccessPolicy policy;
    private final StoredRecords records;
    private final Timer rules;

    FhirAccessInterceptor(
            SecuritySettings settings, ScopeRestrictions restrictions, StoredRecords records, MeterRegistry meters) {
        super(PolicyEnum.DENY);
        this.policy = new AccessPolicy(settings.publicTrialRecords(), restrictions);
        this.records = records;
        this.rules = ResourceServerConfig.authorizationTimer(meters, "rules");
    }

    /** Times every decision (inbound, and for each record on the way out), so its cost shows beside the requests'. */
    @Override
    public Verdict applyRulesAndReturnDecision(
            RestOperationTypeEnum operation,
            RequestDetails request,
            IBaseResource input,
            IIdType inputId,
            IBaseResource output,
            Pointcut pointcut) {
        Timer.Sample started = Timer.start();
        try {
            return super.applyRulesAndReturnDecision(operation, request, input, inputId, output, pointcut);
        } finally {
            started.stop(rules);
        }
    }

    /** The caller of a request that came through the HTTP front; internal requests have none. */
    public static Optional<Caller> callerOf(RequestDetails request) {
        return request instanceof ServletRequestDetails servlet
                ? Caller.of(servlet.getServletRequest())
                : Optional.empty();
    }

    /** The site a request acts for, when a site's client made it. */
    static Optional<String> siteOf(RequestDetails request) {
        return callerOf(request).filter(caller -> caller.is(Role.SITE)).map(Caller::site);
    }

    @Override
    public List<IAuthRule> buildRuleList(RequestDetails request) {
        IAuthRuleBuilder rules = new RuleBuilder();
        Optional<Caller> found = callerOf(request);
        if (found.isEmpty()) {
            return rules.denyAll("a request that did not pass the registry's token check")
                    .build();
        }
        Caller caller = found.get();
        rules.allow("the CapabilityStatement").metadata();
        rules.allow("reading what the role and scopes allow")
                .read()
                .allResources()
                .withAnyId()
                .withTester(new ReadTester(policy, caller));
        rules.allow("expanding value sets")
                .operation()
                .named("$expand")
                .atAnyLevel()
                .andAllowAllResponses();
        if (!caller.anonymous()) {
            rules.allow("validating a resource")
                    .operation()
                    .named("$validate")
                    .onAnyType()
                    .andAllowAllResponses();
            rules.allow("validating a resource, or a change to a record the caller may read")
                    .operation()
                    .named("$validate")
                    .onAnyInstance()
                    .andAllowAllResponses()
                    .withTester(new StoredRecordTester(policy, caller, records));
        }
        if (caller.is(Role.SITE) || caller.is(Role.REGULATOR)) {
            rules.allow("a patient's $everything, each record by the read rules")
                    .operation()
                    .named("$everything")
                    .onInstancesOfType(Patient.class)
                    .andRequireExplicitResponseAuthorization();
        }
        if (caller.is(Role.SITE)) {
            rules.allow("a site's creates and updates")
                    .write()
                    .allResources()
                    .withAnyId()
                    .withTester(new WriteTester(policy, caller));
            rules.allow("a site's deletes")
                    .delete()
                    .allResources()
                    .withAnyId()
                    .withTester(new WriteTester(policy, caller));
            rules.allow("patches, as updates").patch().allRequests();
            rules.allow("transactions and batches, entry by entry")
                    .transaction()
                    .withAnyOperation()
                    .andApplyNormalRules();
            rules.allow("conditional creates").createConditional().allResources();
            rules.allow("conditional updates").updateConditional().allResources();
            rules.allow("conditional deletes").deleteConditional().allResources();
            rules.allow("a site's signed outcome submission, its records written by the rules of its writes")
                    .operation()
                    .named("$submit-outcome")
                    .onServer()
                    .andAllowAllResponses();
        }
        if (caller.is(Role.SITE) || caller.is(Role.REGULATOR)) {
            rules.allow("a bulk export kick-off, narrowed to what the caller may search")
                    .operation()
                    .named("$export")
                    .atAnyLevel()
                    .andAllowAllResponses();
            rules.allow("a bulk export").bulkExport().any();
            rules.allow("following the caller's own bulk export")
                    .operation()
                    .named("$export-poll-status")
                    .onServer()
                    .andAllowAllResponses();
        }
        rules.denyAll("nothing else");
        return rules.build();
    }

    @Override
    protected void handleDeny(RequestDetails request, Verdict verdict) {
        Caller caller = callerOf(request).orElse(Caller.ANONYMOUS);
        String what = describe(request);
        if (caller.anonymous()) {
            String reason = what + " needs a bearer access token (Authorization: Bearer ...)";
            AuthenticationException unauthorized = new AuthenticationException(reason);
            unauthorized.setOperationOutcome(ErrorResponses.outcome(401, reason));
            unauthorized.addResponseHeader(
                    "WWW-Authenticate", BearerErrors.challenge("This request needs a bearer access token"));
            throw unauthorized;
        }
        String scopes = caller.scopes().isEmpty()
                ? "none"
                : caller.scopes().stream().map(SmartScope::toString).collect(Collectors.joining(" "));
        throw forbidden(what + " is not permitted for " + caller.describe()
                + ": it needs a scope for it (the token's: " + scopes + ") within the rights of the role"
                + (caller.is(Role.SITE) ? ", on records of its own site only" : ""));
    }

    /** A 403 whose OperationOutcome says {@code forbidden} and why. */
    static ForbiddenOperationException forbidden(String reason) {
        return new ForbiddenOperationException(reason, ErrorResponses.outcome(403, reason));
    }

    private static String describe(RequestDetails request) {
        String operation = request.getOperation() != null
                ? request.getOperation()
                : request.getRestOperationType() == null
                        ? request.getRequestType().name()
                        : request.getRestOperationType().getCode();
        String target = request.getId() != null && request.getId().hasIdPart()
                ? request.getId().toUnqualifiedVersionless().getValue()
                : request.getResourceName() == null ? "the server" : request.getResourceName();
        return "'" + operation + "' on " + target;
    }

    private static String typeOf(IAuthRuleTester.RuleTestRequest test) {
        if (test.resource != null) {
            return test.resource.fhirType();
        }
        if (test.resourceId != null && test.resourceId.hasResourceType()) {
            return test.resourceId.getResourceType();
        }
        return test.requestDetails.getResourceName();
    }

    /** Reads and searches: inbound by type and scope; each record on the way out by level and site as well. */
    private record ReadTester(AccessPolicy policy, Caller caller) implements IAuthRuleTester {

        @Override
        public boolean matches(RuleTestRequest test) {
            if (SYSTEM_WIDE.contains(test.operation)) {
                // its Bundle's total would count records the caller may not see
                return caller.is(Role.REGULATOR);
            }
            Permission permission = SEARCHES.contains(test.operation) ? Permission.SEARCH : Permission.READ;
            String type = typeOf(test);
            if (test.operation == RestOperationTypeEnum.HISTORY_TYPE
                    && caller.is(Role.SITE)
                    && RecordLevel.ofType(type) == RecordLevel.SUBJECT) {
                // a type's history takes no search parameters, so it cannot be narrowed to the site's records
                return false;
            }
            // a page names no type: each record on it is checked on the way out
            return type == null || policy.mayRead(caller, type, test.resource, permission);
        }

        @Override
        public boolean matchesOutput(RuleTestRequest test) {
            if (test.resource == null) {
                return true;
            }
            String type = test.resource.fhirType();
            return policy.mayRead(caller, type, test.resource, Permission.READ)
                    || policy.mayRead(caller, type, test.resource, Permission.SEARCH);
        }
    }

    /**
     * An operation on a stored record ({@code $validate} of an update or delete, which answers with what refers to
     * the record) for those who may read that record; one that does not exist is refused alike.
     */
    private record StoredRecordTester(AccessPolicy policy, Caller caller, StoredRecords records)
            implements IAuthRuleTester {

        @Override
        public boolean matches(RuleTestRequest test) {
            return test.resourceId != null
                    && test.resourceId.hasResourceType()
                    && records.read(test.resourceId)
                            .filter(stored -> policy.mayRead(caller, stored.fhirType(), stored, Permission.READ))
                            .isPresent();
        }
    }

    /** A site's creates, updates and deletes, told apart by the operation. */
    private record WriteTester(AccessPolicy policy, Caller caller) implements IAuthRuleTester {

        @Override
        public boolean matches(RuleTestRequest test) {
            Permission permission =
                    switch (test.operation) {
                        case CREATE -> Permission.CREATE;
                        case DELETE -> Permission.DELETE;
                        default -> Permission.UPDATE;
                    };
            String type = typeOf(test);
            return type != null && policy.mayWrite(caller, type, test.resource, permission);
        }
    }
}
