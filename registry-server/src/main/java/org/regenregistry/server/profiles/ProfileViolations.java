package org.regenregistry.server.profiles;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import ca.uhn.fhir.util.OperationOutcomeUtil;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseOperationOutcome;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * A resource's profile errors and the answer to them: 422 Unprocessable Entity, the FHIR convention for a resource
 * that violates a profile (<a href="https://hl7.org/fhir/R4/http.html#create">RESTful API</a>), with an
 * OperationOutcome whose issues name each element path and rule.
 */
public final class ProfileViolations {

    private static final String VALIDATED = ProfileViolations.class.getName() + ".validated";

    private ProfileViolations() {}

    /**
     * Notes that {@code resources}, about to be written by {@code request}, were validated against their declared
     * profiles already (as entries of a Bundle validated whole), so that their writes do not validate them again.
     */
    public static void validatedAlready(RequestDetails request, Collection<? extends IBaseResource> resources) {
        validated(request).addAll(resources);
    }

    /** Whether this very resource object was {@link #validatedAlready validated already} in {@code request}. */
    static boolean wasValidated(RequestDetails request, IBaseResource resource) {
        return request != null
                && request.getUserData().get(VALIDATED) instanceof Set<?> validated
                && validated.contains(resource);
    }

    @SuppressWarnings("unchecked")
    private static Set<IBaseResource> validated(RequestDetails request) {
        return (Set<IBaseResource>) request.getUserData()
                .computeIfAbsent(VALIDATED, key -> Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    /** The errors (and fatal errors) of validating {@code resource} with {@code options}. */
    public static List<SingleValidationMessage> errors(
            FhirValidator validator, IBaseResource resource, ValidationOptions options) {
        return validator.validateWithResult(resource, options).getMessages().stream()
                .filter(message -> message.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
                .toList();
    }

    /** A 422 whose OperationOutcome lists {@code errors}, its message {@code what} and the first of them. */
    public static UnprocessableEntityException refusal(
            FhirContext fhirContext, String what, List<SingleValidationMessage> errors) {
        IBaseOperationOutcome outcome = OperationOutcomeUtil.newInstance(fhirContext);
        errors.forEach(error -> OperationOutcomeUtil.addIssue(
                fhirContext, outcome, "error", error.getMessage(), error.getLocationString(), "processing"));
        SingleValidationMessage first = errors.get(0);
        return new UnprocessableEntityException(
                what + ": " + first.getLocationString() + ": " + first.getMessage(), outcome);
    }
}
