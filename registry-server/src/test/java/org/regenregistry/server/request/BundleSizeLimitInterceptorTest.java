package org.regenregistry.server.request;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.server.exceptions.PayloadTooLargeException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.regenregistry.server.system.FhirServerSettings;

class BundleSizeLimitInterceptorTest {

    private final BundleSizeLimitInterceptor interceptor =
            new BundleSizeLimitInterceptor(new FhirServerSettings("", 20, 500, 3, Set.of()));

    @Test
    void aBundleAtTheLimitPasses() {
        assertThatCode(() -> interceptor.checkBundleSize(request(bundle(3)), RestOperationTypeEnum.TRANSACTION))
                .doesNotThrowAnyException();
    }

    @Test
    void aBundleOverTheLimitIsTooLargeWithItsCountInTheMessage() {
        assertThatThrownBy(() -> interceptor.checkBundleSize(request(bundle(4)), RestOperationTypeEnum.TRANSACTION))
                .isInstanceOf(PayloadTooLargeException.class)
                .hasMessage("Bundle has 4 entries; this server accepts at most 3 per transaction. "
                        + "Split it into smaller Bundles.");
    }

    @Test
    void otherOperationsAreNotCounted() {
        assertThatCode(() -> interceptor.checkBundleSize(request(bundle(4)), RestOperationTypeEnum.CREATE))
                .doesNotThrowAnyException();
    }

    private static Bundle bundle(int entries) {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (int i = 0; i < entries; i++) {
            bundle.addEntry().setResource(new Patient());
        }
        return bundle;
    }

    private static ServletRequestDetails request(Bundle bundle) {
        ServletRequestDetails request = new ServletRequestDetails();
        request.setResource(bundle);
        return request;
    }
}
