package org.regenregistry.server.security;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.UriType;
import org.regenregistry.server.system.RequestInterceptor;
import org.springframework.stereotype.Component;

/**
 * Names the registry's OAuth endpoints in the CapabilityStatement ({@code rest.security}), as <a
 * href="https://hl7.org/fhir/smart-app-launch/conformance.html#declaring-support-for-oauth2-endpoints">SMART App
 * Launch</a> asks of a server that takes its tokens: the service {@code SMART-on-FHIR} and the {@code oauth-uris}
 * extension with the token endpoint.
 */
@Component
@Interceptor
public class SmartCapabilityInterceptor implements RequestInterceptor {

    static final String OAUTH_URIS = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris";
    static final String SERVICE_SYSTEM = "http://terminology.hl7.org/CodeSystem/restful-security-service";

    private final SecuritySettings settings;

    public SmartCapabilityInterceptor(SecuritySettings settings) {
        this.settings = settings;
    }

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void declareOAuth(IBaseConformance generated, RequestDetails request) {
        if (!(generated instanceof CapabilityStatement capabilities) || request == null) {
            return;
        }
        CapabilityStatement.CapabilityStatementRestSecurityComponent security =
                capabilities.getRestFirstRep().getSecurity();
        security.addService(new CodeableConcept()
                .addCoding(new Coding(SERVICE_SYSTEM, "SMART-on-FHIR", "SMART-on-FHIR"))
                .setText("OAuth2 using SMART-on-FHIR profile (see http://docs.smarthealthit.org)"));
        Extension uris = security.addExtension().setUrl(OAUTH_URIS);
        uris.addExtension("token", new UriType(OAuthEndpoints.token(settings, request.getFhirServerBase())));
        security.setDescription("SMART Backend Services: client_credentials with private_key_jwt (RS384, ES384)");
    }
}
