package org.regenregistry.server.request;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.regenregistry.server.system.RequestLimitSettings;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

class RequestSyntaxFilterTest {

    private final RequestSyntaxFilter filter =
            new RequestSyntaxFilter(new RequestLimitSettings(DataSize.ofBytes(100), 1000, 40, Duration.ofSeconds(60)));

    @ParameterizedTest
    @CsvSource({"/fhir/Patient,%%%", "/fhir/Patient,name=50%", "/fhir/Patient,name=%zz", "/fhir/Patient/%2,"})
    void aPercentThatStartsNoEscapeIsABadRequest(String uri, String query) {
        MockHttpServletRequest request = get(uri);
        request.setQueryString(query);

        assertThat(RequestSyntaxFilter.refusalOf(request))
                .isEqualTo(new RequestSyntaxFilter.Refusal(
                        400, "The URL has a '%' that does not start a percent-encoded byte (%XX)"));
    }

    @Test
    void wellFormedEscapesAndRawReservedCharactersPass() {
        MockHttpServletRequest request = get("/fhir/ResearchStudy");
        request.setQueryString("condition=http://snomed.info/sct|239873007&title=50%25%20off");

        assertThat(RequestSyntaxFilter.refusalOf(request)).isNull();
    }

    @ParameterizedTest
    @CsvSource({
        "If-Modified-Since,garbage",
        "If-Unmodified-Since,2026-12-02",
        "If-Match,garbage",
        "If-Match,W/3",
        "If-None-Match,W/\"1\" W/\"2\""
    })
    void malformedConditionalHeadersAreBadRequests(String header, String value) {
        MockHttpServletRequest request = get("/fhir/Patient/1");
        request.addHeader(header, value);

        RequestSyntaxFilter.Refusal refusal = RequestSyntaxFilter.refusalOf(request);

        assertThat(refusal.status()).isEqualTo(400);
        assertThat(refusal.message()).startsWith(header + " is not");
    }

    @ParameterizedTest
    @CsvSource({
        "If-Modified-Since,'Wed, 02 Dec 2026 10:00:00 GMT'",
        "If-Match,W/\"3\"",
        "If-Match,\"3\"",
        "If-None-Match,*"
    })
    void wellFormedConditionalHeadersPass(String header, String value) {
        MockHttpServletRequest request = get("/fhir/Patient/1");
        request.addHeader(header, value);

        assertThat(RequestSyntaxFilter.refusalOf(request)).isNull();
    }

    @ParameterizedTest
    @CsvSource({"application/fhir+turtle", "application/x-turtle", "text/plain", "application/octet-stream"})
    void aBodyInAFormatTheEndpointDoesNotReadIsUnsupported(String contentType) {
        MockHttpServletRequest request = post("/fhir/Patient", contentType);

        RequestSyntaxFilter.Refusal refusal = RequestSyntaxFilter.refusalOf(request);

        assertThat(refusal.status()).isEqualTo(415);
        assertThat(refusal.message()).contains("does not read " + contentType);
    }

    @ParameterizedTest
    @CsvSource({
        "/fhir/Patient,application/fhir+json; charset=utf-8",
        "/fhir/Patient,application/fhir+xml",
        "/fhir/Patient/1,application/json-patch+json",
        "/fhir/Patient/_search,application/x-www-form-urlencoded",
        "/fhir/Binary,image/png"
    })
    void fhirFormatsAndRawBinariesPass(String uri, String contentType) {
        assertThat(RequestSyntaxFilter.refusalOf(post(uri, contentType))).isNull();
    }

    @Test
    void aBodyOverTheLimitIsTooLarge() throws Exception {
        MockHttpServletRequest request = post("/fhir/Patient", "application/fhir+json");
        request.setContent(new byte[101]);
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(request, response, chain);

        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentType()).startsWith("application/fhir+json");
        assertThat(response.getContentAsString()).contains("larger than this server accepts (100 bytes)");
        assertThat(chain.getRequest()).isNull();
    }

    @Test
    void aBodyWithinTheLimitGoesOn() throws Exception {
        MockHttpServletRequest request = post("/fhir/Patient", "application/fhir+json");
        request.setContent(new byte[100]);
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(request, new MockHttpServletResponse(), chain);

        assertThat(chain.getRequest()).isNotNull();
    }

    private static MockHttpServletRequest get(String uri) {
        return new MockHttpServletRequest("GET", uri);
    }

    private static MockHttpServletRequest post(String uri, String contentType) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", uri);
        request.setContentType(contentType);
        return request;
    }
}
