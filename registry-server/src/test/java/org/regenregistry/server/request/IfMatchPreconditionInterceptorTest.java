package org.regenregistry.server.request;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import org.junit.jupiter.api.Test;

class IfMatchPreconditionInterceptorTest {

    private final IfMatchPreconditionInterceptor interceptor = new IfMatchPreconditionInterceptor();

    @Test
    void aConflictOnAnIfMatchRequestBecomes412() {
        BaseServerResponseException replaced = interceptor.staleIfMatchIsPreconditionFailed(
                request("W/\"1\""), new ResourceVersionConflictException("stale"));

        assertThat(replaced.getStatusCode()).isEqualTo(412);
        assertThat(replaced.getMessage()).isEqualTo("stale");
    }

    @Test
    void aConflictWithoutIfMatchStays409() {
        BaseServerResponseException replaced = interceptor.staleIfMatchIsPreconditionFailed(
                request(null), new ResourceVersionConflictException("race"));

        assertThat(replaced).isNull();
    }

    private static SystemRequestDetails request(String ifMatch) {
        SystemRequestDetails request = new SystemRequestDetails();
        if (ifMatch != null) {
            request.addHeader("If-Match", ifMatch);
        }
        return request;
    }
}
