package org.regenregistry.server.request;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.orm.jpa.JpaSystemException;
import org.springframework.transaction.TransactionTimedOutException;

class ClientErrorInterceptorTest {

    private final ClientErrorInterceptor interceptor = new ClientErrorInterceptor();

    @Test
    void inputHapiCouldNotReadIsTheClientsFault() {
        assertThat(mapped(new InternalErrorException("HAPI-0389: failed", new DataFormatException("HAPI-1861: bad"))))
                .satisfies(answer -> {
                    assertThat(answer.getStatusCode()).isEqualTo(400);
                    assertThat(answer.getMessage()).isEqualTo("bad");
                });
        assertThat(mapped(new InternalErrorException(
                        "HAPI-2223: x", new NumberFormatException("For input string: \"9e99\""))))
                .satisfies(answer -> assertThat(answer.getStatusCode()).isEqualTo(400));
    }

    @Test
    void aBrokenPercentEscapeIsTheClientsFault() {
        IllegalArgumentException decoding = null;
        try {
            URLDecoder.decode("%%", StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            decoding = e;
        }

        BaseServerResponseException answer = mapped(decoding);

        assertThat(answer.getStatusCode()).isEqualTo(400);
        assertThat(answer.getMessage()).startsWith("The URL is not correctly percent-encoded");
    }

    @Test
    void theTimeLimitAnswers503WithRetryAfter() {
        BaseServerResponseException answer =
                mapped(new InternalErrorException("x", new TransactionTimedOutException("deadline")));

        assertThat(answer.getStatusCode()).isEqualTo(503);
        assertThat(answer.getResponseHeaders()).containsKey("Retry-After");
    }

    @Test
    void hibernatesOwnTransactionDeadlineIsTheTimeLimitToo() {
        BaseServerResponseException answer = mapped(new InternalErrorException(
                "x", new JpaSystemException(new org.hibernate.TransactionException("transaction timeout expired"))));

        assertThat(answer.getStatusCode()).isEqualTo(503);
    }

    @Test
    void theRegistrysOwnFaultsAndClientErrorsStayAsTheyAre() {
        assertThat(mapped(new InternalErrorException("boom", new IllegalStateException("bug"))))
                .isNull();
        assertThat(mapped(new NullPointerException())).isNull();
        assertThat(mapped(new ResourceNotFoundException("gone"))).isNull();
    }

    private BaseServerResponseException mapped(Throwable exception) {
        return interceptor.clientCaused(new SystemRequestDetails(), exception);
    }
}
