package org.regenregistry.server.profiles;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.util.OperationOutcomeUtil;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.Resource;
import org.regenregistry.profiles.RegistryPackage;
import org.regenregistry.server.system.StorageInterceptor;

/**
 * Refuses, at the storage layer, a registry resource that does not conform to its profile. Because it hooks storage
 * rather than requests, FHIR Patch results, transaction entries and internal writes are checked too, and a refusal
 * rolls back the whole transaction.
 *
 * <p>A type the registry models in one way only must declare its registry profile in {@code meta.profile}; any
 * resource declaring a registry profile is validated against it; other resources (an unprofiled Observation, a
 * Patient) are stored without profile validation. A failure is answered 422 Unprocessable Entity, the FHIR convention
 * for a resource that violates a profile (<a href="https://hl7.org/fhir/R4/http.html#create">RESTful API</a>), with
 * an OperationOutcome whose issues name the element path and the rule.
 */
@Interceptor
class ProfileEnforcingInterceptor implements StorageInterceptor {

    private final FhirContext fhirContext;
    private final FhirValidator validator;
    private final Map<String, String> requiredProfiles;

    ProfileEnforcingInterceptor(
            FhirContext fhirContext, FhirValidator validator, Map<String, String> requiredProfiles) {
        this.fhirContext = fhirContext;
        this.validator = validator;
        this.requiredProfiles = requiredProfiles;
    }

    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_CREATED)
    public void created(IBaseResource resource, RequestDetails request) {
        enforce(resource, request);
    }

    /**
     * An update whose content is the stored version's is not validated again: it was validated when stored, and HAPI
     * stores no new version of it (a re-import, a re-sync of what did not change).
     */
    @Hook(Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED)
    public void updated(IBaseResource previous, IBaseResource resource, RequestDetails request) {
        if (!sameContent(previous, resource)) {
            enforce(resource, request);
        }
    }

    /** Whether the two are alike but for their id, version, last update and source. */
    static boolean sameContent(IBaseResource previous, IBaseResource resource) {
        if (!(previous instanceof Resource stored) || !(resource instanceof Resource written)) {
            return false;
        }
        return content(stored).equalsDeep(content(written));
    }

    private static Resource content(Resource resource) {
        Resource copy = resource.copy();
        copy.setIdElement(null);
        copy.getMeta().setVersionId(null).setLastUpdated(null).setSource(null);
        return copy;
    }

    /**
     * Checks the declared profiles of {@code resource}, unless {@code request} validated this very resource already
     * (an entry of a Bundle it validated whole).
     */
    void enforce(IBaseResource resource, RequestDetails request) {
        String type = fhirContext.getResourceType(resource);
        List<String> declared = resource.getMeta().getProfile().stream()
                .map(IPrimitiveType::getValueAsString)
                .map(ProfileEnforcingInterceptor::withoutVersion)
                .toList();
        String required = requiredProfiles.get(type);
        if (required != null && !declared.contains(required)) {
            throw refusal(
                    type + " must declare conformance to profile " + required + " in meta.profile",
                    type + ".meta.profile");
        }
        if (declared.stream().noneMatch(profile -> profile.startsWith(RegistryPackage.STRUCTURE_DEFINITIONS))
                || ProfileViolations.wasValidated(request, resource)) {
            return;
        }
        List<SingleValidationMessage> errors = ProfileViolations.errors(validator, resource, new ValidationOptions());
        if (!errors.isEmpty()) {
            throw ProfileViolations.refusal(fhirContext, type + " does not conform to its profile", errors);
        }
    }

    private UnprocessableEntityException refusal(String message, String location) {
        IBaseOperationOutcome outcome = OperationOutcomeUtil.newInstance(fhirContext);
        OperationOutcomeUtil.addIssue(fhirContext, outcome, "error", message, location, "required");
        return new UnprocessableEntityException(message, outcome);
    }

    private static String withoutVersion(String canonical) {
        int bar = canonical.indexOf('|');
        return bar < 0 ? canonical : canonical.substring(0, bar);
    }
}
