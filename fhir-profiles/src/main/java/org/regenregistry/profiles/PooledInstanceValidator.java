package org.regenregistry.profiles;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.validation.IValidationContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.common.hapi.validation.validator.WorkerContextValidationSupportAdapter;
import org.hl7.fhir.exceptions.FHIRException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r5.conformance.profile.ProfileUtilities;
import org.hl7.fhir.r5.elementmodel.JsonParser;
import org.hl7.fhir.r5.elementmodel.Manager.FhirFormat;
import org.hl7.fhir.r5.elementmodel.ParserBase.ValidationPolicy;
import org.hl7.fhir.r5.elementmodel.ValidatedFragment;
import org.hl7.fhir.r5.fhirpath.FHIRPathEngine;
import org.hl7.fhir.r5.model.StructureDefinition;
import org.hl7.fhir.r5.model.StructureDefinition.StructureDefinitionKind;
import org.hl7.fhir.r5.utils.validation.ValidatorSession;
import org.hl7.fhir.r5.utils.validation.constants.IdStatus;
import org.hl7.fhir.r5.utils.xver.XVerExtensionManagerOld;
import org.hl7.fhir.utilities.i18n.I18nConstants;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.validation.ValidatorSettings;
import org.hl7.fhir.validation.instance.InstanceValidator;

/**
 * HAPI's instance validator, keeping the core {@link InstanceValidator}s it builds instead of building one per
 * resource. Building one walks every StructureDefinition twice (two FHIRPath engines) and re-reads the OID registry,
 * and the JSON parser it makes for each resource walks them once more; under trial ingest that was a quarter of all
 * validation time and a fifth of its allocation (docs/benchmarks.md).
 *
 * <p>The core validator clears its per-resource state at the start of each validation (its main entry point says
 * so), but its codings observer keeps every coding it has seen, so an instance is dropped after {@link
 * #VALIDATIONS_PER_INSTANCE} validations. An instance serves one validation at a time; each thread that validates
 * at once gets its own. The settings are those HAPI's own wrapper applies, and the messages are filtered as it filters
 * them; {@code PooledInstanceValidatorTest} checks that both answer the same. All instances share one {@link
 * CachedWorkerContext}.
 */
final class PooledInstanceValidator extends FhirInstanceValidator {

    static final int VALIDATIONS_PER_INSTANCE = 64;

    private final ConcurrentLinkedDeque<Pooled> idle = new ConcurrentLinkedDeque<>();

    PooledInstanceValidator(IValidationSupport validationSupport) {
        super(validationSupport);
        setWrappedWorkerContext(validationSupport, new CachedWorkerContext(validationSupport));
    }

    @Override
    protected List<ValidationMessage> validate(IValidationContext<?> context) {
        if (context.getResourceAsStringEncoding() != EncodingEnum.JSON
                || !(context.getResource() instanceof IBaseResource resource)) {
            return super.validate(context);
        }
        WorkerContextValidationSupportAdapter worker = provideWorkerContext();
        Pooled pooled = idle.pollFirst();
        if (pooled == null || pooled.worker != worker) {
            pooled = new Pooled(worker, build(worker));
        }
        try {
            return validate(pooled, context, resource);
        } finally {
            if (++pooled.uses < VALIDATIONS_PER_INSTANCE) {
                idle.offerFirst(pooled);
            }
        }
    }

    private List<ValidationMessage> validate(Pooled pooled, IValidationContext<?> context, IBaseResource resource) {
        List<StructureDefinition> profiles = new ArrayList<>();
        List<ValidationMessage> unknownProfiles = new ArrayList<>();
        List<String> urls = new ArrayList<>(context.getOptions().getProfiles());
        resource.getMeta().getProfile().stream()
                .map(IPrimitiveType::getValueAsString)
                .filter(Objects::nonNull)
                .forEach(urls::add);
        for (String url : urls) {
            StructureDefinition profile = pooled.worker.fetchResource(StructureDefinition.class, url);
            if (profile != null) {
                profiles.add(profile);
            } else {
                ValidationMessage unknown = new ValidationMessage();
                unknown.setMessageId(I18nConstants.VALIDATION_VAL_PROFILE_UNKNOWN);
                unknown.setLevel(ValidationMessage.IssueSeverity.ERROR);
                unknown.setMessage("Invalid profile. Failed to retrieve profile with url=" + url);
                unknownProfiles.add(unknown);
            }
        }
        List<ValidationMessage> messages = new ArrayList<>();
        byte[] json = context.getResourceAsString().getBytes(StandardCharsets.UTF_8);
        Object appContext = context.getOptions().getAppContext();
        if (profiles.stream().anyMatch(profile -> profile.getKind() == StructureDefinitionKind.LOGICAL)) {
            pooled.validator.validate(appContext, messages, new ByteArrayInputStream(json), FhirFormat.JSON, profiles);
        } else {
            validateParsed(pooled, appContext, messages, json, profiles);
        }
        if (profiles.isEmpty()) {
            messages.addAll(unknownProfiles);
        }
        List<ValidationMessage> kept =
                messages.stream().filter(message -> !withoutSource(message)).toList();
        kept.stream()
                .filter(message -> I18nConstants.VALIDATION_VAL_PROFILE_UNKNOWN.equals(message.getMessageId())
                        || I18nConstants.VALIDATION_VAL_PROFILE_UNKNOWN_NOT_POLICY.equals(message.getMessageId()))
                .forEach(message -> message.setLevel(
                        isErrorForUnknownProfiles()
                                ? ValidationMessage.IssueSeverity.ERROR
                                : ValidationMessage.IssueSeverity.WARNING));
        return kept;
    }

    /**
     * What {@link InstanceValidator#validate(Object, List, java.io.InputStream, FhirFormat, List)} does for a resource
     * in JSON, with a parser on the instance's own profile utilities: the core builds a new parser, and with it a
     * FHIRPath engine walking every StructureDefinition, for each resource.
     */
    private static void validateParsed(
            Pooled pooled,
            Object appContext,
            List<ValidationMessage> messages,
            byte[] json,
            List<StructureDefinition> profiles) {
        JsonParser parser = new JsonParser(pooled.worker, pooled.profileUtilities);
        parser.setupValidation(ValidationPolicy.EVERYTHING);
        List<ValidatedFragment> fragments;
        try {
            fragments = parser.parse(new ByteArrayInputStream(json));
        } catch (IOException e) {
            throw new FHIRException(e);
        }
        for (ValidatedFragment fragment : fragments) {
            if (fragment.getElement() != null) {
                pooled.validator.validate(
                        appContext,
                        fragment.getErrors(),
                        fragments.size() > 1 ? fragment.path() : null,
                        fragment.getElement(),
                        profiles);
            }
            messages.addAll(fragment.getErrors());
        }
    }

    /** The binding and mime-type messages HAPI's wrapper drops: a binding without a value set to check against. */
    private static boolean withoutSource(ValidationMessage message) {
        String id = message.getMessageId();
        return I18nConstants.TERMINOLOGY_TX_BINDING_NOSOURCE.equals(id)
                || (I18nConstants.TERMINOLOGY_TX_VALUESET_NOTFOUND.equals(id)
                        && message.getMessage().contains("http://hl7.org/fhir/ValueSet/mimetypes"));
    }

    private InstanceValidator build(WorkerContextValidationSupportAdapter worker) {
        InstanceValidator validator = new InstanceValidator(
                worker,
                Objects.requireNonNullElseGet(getHostApplicationServices(), NullEvaluationContext::new),
                new XVerExtensionManagerOld(worker),
                new ValidatorSession(),
                new ValidatorSettings());
        validator.setAssumeValidRestReferences(isAssumeValidRestReferences());
        validator.setBestPracticeWarningLevel(getBestPracticeWarningLevel());
        validator.setAnyExtensionsAllowed(isAnyExtensionsAllowed());
        validator.setResourceIdRule(IdStatus.OPTIONAL);
        validator.setNoTerminologyChecks(isNoTerminologyChecks());
        validator.setErrorForUnknownProfiles(isErrorForUnknownProfiles());
        validator.setUnknownCodeSystemsCauseErrors(true);
        validator.getExtensionDomains().addAll(getExtensionDomains());
        validator.setFetcher(getValidatorResourceFetcher());
        validator.setPolicyAdvisor(getValidatorPolicyAdvisor());
        validator.setNoExtensibleWarnings(isNoExtensibleWarnings());
        validator.setNoBindingMsgSuppressed(isNoBindingMsgSuppressed());
        validator.setAllowExamples(isAllowExamples());
        validator.setAllowXsiLocation(true);
        return validator;
    }

    /** A core validator and the profile utilities its parsers share, for one thread at a time. */
    private static final class Pooled {
        final WorkerContextValidationSupportAdapter worker;
        final InstanceValidator validator;
        final ProfileUtilities profileUtilities;
        int uses;

        Pooled(WorkerContextValidationSupportAdapter worker, InstanceValidator validator) {
            this.worker = worker;
            this.validator = validator;
            this.profileUtilities = new ProfileUtilities(worker, null, null, new FHIRPathEngine(worker));
        }
    }
}
