package org.regenregistry.server.request;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.PayloadTooLargeException;
import org.hl7.fhir.r4.model.Bundle;
import org.regenregistry.server.system.FhirServerSettings;
import org.regenregistry.server.system.RequestInterceptor;
import org.springframework.stereotype.Component;

/**
 * Refuses a transaction or batch Bundle with more entries than {@code registry.fhir.max-bundle-entries} with 413,
 * before any entry is processed. One huge transaction holds database locks and memory for its whole length; senders
 * split their submissions instead (as the CIBMTR FHIR API asks of its centres).
 */
@Component
@Interceptor
public class BundleSizeLimitInterceptor implements RequestInterceptor {

    private final int maxEntries;

    public BundleSizeLimitInterceptor(FhirServerSettings settings) {
        this.maxEntries = settings.maxBundleEntries();
    }

    @Hook(Pointcut.SERVER_INCOMING_REQUEST_PRE_HANDLED)
    public void checkBundleSize(RequestDetails request, RestOperationTypeEnum operation) {
        if (operation == RestOperationTypeEnum.TRANSACTION && request.getResource() instanceof Bundle bundle) {
            int entries = bundle.getEntry().size();
            if (entries > maxEntries) {
                throw new PayloadTooLargeException(String.format(
                        "Bundle has %d entries; this server accepts at most %d per %s. Split it into smaller Bundles.",
                        entries,
                        maxEntries,
                        bundle.getType() == null ? "bundle" : bundle.getType().toCode()));
            }
        }
    }
}
