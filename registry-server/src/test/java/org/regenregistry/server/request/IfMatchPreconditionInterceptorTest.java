package org.regenregistry.server.request;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import org.junit.jupiter.api.Test;

class IfMatchPreconditionInterceptorTest {

    private final IfMatchPreconditionInterceptor interceptor = new IfMatchPreconditionInterceptor();

    @Test
    void aConflictOnAnIfMatchRequestBecomes412() {
        BaseServerResponseException replaced = interceptor.staleIfMatchIsPreconditionFailed(
                request(RestOperationTypeEnum.UPDATE, "W/\"1\""), new ResourceVersionConflictException("stale"));

        assertThat(replaced.getStatusCode()).isEqualTo(412);
        assertThat(replaced.getMessage()).isEqualTo("stale");
    }

    @Test
    void aConflictWithoutIfMatchStays409() {
        BaseServerResponseException replaced = interceptor.staleIfMatchIsPreconditionFailed(
                request(RestOperationTypeEnum.UPDATE, null), new ResourceVersionConflictException("race"));

        assertThat(replaced).isNull();
    }

    @Test
    void aDeleteRefusedForReferencesStays409EvenWithIfMatch() {
        BaseServerResponseException replaced = interceptor.staleIfMatchIsPreconditionFailed(
                request(RestOperationTypeEnum.DELETE, "W/\"1\""), new ResourceVersionConflictException("referenced"));

        assertThat(replaced).isNull();
    }

    private static SystemRequestDetails request(RestOperationTypeEnum operation, String ifMatch) {
        SystemRequestDetails request = new SystemRequestDetails();
        request.setRestOperationType(operation);
        if (ifMatch != null) {
            request.addHeader("If-Match", ifMatch);
        }
        return request;
    }
}
