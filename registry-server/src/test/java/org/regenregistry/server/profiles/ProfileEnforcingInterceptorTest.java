package org.regenregistry.server.profiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.ResearchStudy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.regenregistry.profiles.RegistryProfiles;
import org.regenregistry.profiles.RegistryValidation;
import org.regenregistry.server.support.ExampleTrials;

/** Which writes the interceptor validates, and what a refusal says; the validator sees the package offline. */
class ProfileEnforcingInterceptorTest {

    private static final FhirContext FHIR = FhirContext.forR4Cached();
    private static ProfileEnforcingInterceptor interceptor;

    @BeforeAll
    static void validatorWithThePackage() {
        interceptor = new ProfileEnforcingInterceptor(
                FHIR, RegistryValidation.validator(FHIR), ProfileEnforcementConfig.REQUIRED_PROFILES);
    }

    @Test
    void aConformingTrialPasses() {
        assertThatCode(() -> interceptor.created(
                        ExampleTrials.example("ResearchStudy-prp-knee-oa.json"), new SystemRequestDetails()))
                .doesNotThrowAnyException();
    }

    @Test
    void aTrialWithoutItsProfileIsRefusedBeforeValidation() {
        ResearchStudy trial = (ResearchStudy) ExampleTrials.example("ResearchStudy-prp-knee-oa.json");
        trial.getMeta().getProfile().clear();

        assertThatThrownBy(() -> interceptor.created(trial, new SystemRequestDetails()))
                .isInstanceOf(UnprocessableEntityException.class)
                .hasMessage("ResearchStudy must declare conformance to profile " + RegistryProfiles.TRIAL
                        + " in meta.profile");
    }

    @Test
    void aVersionedProfileDeclarationCounts() {
        ResearchStudy trial = (ResearchStudy) ExampleTrials.example("ResearchStudy-prp-knee-oa.json");
        trial.getMeta().getProfile().get(0).setValue(RegistryProfiles.TRIAL + "|0.1.0");

        assertThatCode(() -> interceptor.updated(null, trial, new SystemRequestDetails()))
                .doesNotThrowAnyException();
    }

    @Test
    void aRefusalNamesThePathAndTheRuleInItsOperationOutcome() {
        ResearchStudy trial = (ResearchStudy) ExampleTrials.example("ResearchStudy-prp-knee-oa.json");
        trial.setTitle(null);

        assertThatThrownBy(() -> interceptor.updated(null, trial, new SystemRequestDetails()))
                .isInstanceOfSatisfying(UnprocessableEntityException.class, refusal -> {
                    OperationOutcome outcome = (OperationOutcome) refusal.getOperationOutcome();
                    assertThat(outcome.getIssueFirstRep().getDiagnostics())
                            .contains("ResearchStudy.title: minimum required = 1, but only found 0");
                    assertThat(outcome.getIssueFirstRep().getLocation())
                            .extracting(Object::toString)
                            .containsExactly("ResearchStudy");
                });
    }

    /**
     * The stored version was validated when it was stored; an update that changes nothing is not validated again.
     * Shown with a trial the package now refuses: unchanged it passes, changed it is refused.
     */
    @Test
    void anUpdateThatChangesNothingIsNotValidatedAgain() {
        ResearchStudy stored = (ResearchStudy) ExampleTrials.example("ResearchStudy-prp-knee-oa.json");
        stored.setTitle(null);
        stored.setId("ResearchStudy/prp-knee-oa/_history/3");
        stored.getMeta().setVersionId("3").setLastUpdated(new Date()).setSource("#a1b2c3");
        ResearchStudy unchanged = (ResearchStudy) ExampleTrials.example("ResearchStudy-prp-knee-oa.json");
        unchanged.setTitle(null);
        ResearchStudy changed = unchanged.copy().setDescription("Another description");

        assertThatCode(() -> interceptor.updated(stored, unchanged, new SystemRequestDetails()))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> interceptor.updated(stored, changed, new SystemRequestDetails()))
                .isInstanceOf(UnprocessableEntityException.class);
    }

    @Test
    void anUnprofiledObservationIsNotValidated() {
        Observation withoutStatus = new Observation();

        assertThatCode(() -> interceptor.created(withoutStatus, new SystemRequestDetails()))
                .doesNotThrowAnyException();
    }

    @Test
    void aResourceTheRequestValidatedAlreadyIsNotValidatedAgainButStillDeclaresItsProfile() {
        ResearchStudy untitled = (ResearchStudy) ExampleTrials.example("ResearchStudy-prp-knee-oa.json");
        untitled.setTitle(null);
        ResearchStudy undeclared = (ResearchStudy) ExampleTrials.example("ResearchStudy-prp-knee-oa.json");
        undeclared.getMeta().getProfile().clear();
        SystemRequestDetails request = new SystemRequestDetails();
        ProfileViolations.validatedAlready(request, List.of(untitled, undeclared));

        assertThatCode(() -> interceptor.created(untitled, request)).doesNotThrowAnyException();
        assertThatThrownBy(() -> interceptor.created(undeclared, request))
                .isInstanceOf(UnprocessableEntityException.class)
                .hasMessageContaining("must declare conformance");
        assertThatThrownBy(() -> interceptor.created(untitled.copy(), request))
                .as("another object with the same content was not validated")
                .isInstanceOf(UnprocessableEntityException.class);
    }
}
