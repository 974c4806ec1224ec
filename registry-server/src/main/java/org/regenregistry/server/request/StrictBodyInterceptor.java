package org.regenregistry.server.request;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PayloadTooLargeException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Parameters;
import org.regenregistry.server.system.RequestInterceptor;
import org.regenregistry.server.system.RequestLimitSettings;
import org.springframework.stereotype.Component;

/**
 * Reads every FHIR request body strictly, so that nothing a client sent is silently thrown away: HAPI's own parse
 * is lenient and drops unknown elements, a string where an array belongs, a second value of a single element, an XML
 * root in a foreign namespace. The body is parsed here, before HAPI would, with HAPI's {@link StrictErrorHandler};
 * any such finding answers 400 naming the element, before anything is stored, and HAPI goes on with the resource
 * parsed here (it parses a body only when the request holds no resource yet).
 *
 * <p>The bodies HAPI does not check before it fails inside are checked here too: a PATCH must name its target and
 * be a well-formed patch ({@link PatchBodies}), a transaction or batch must say what each entry does, and the {@code
 * resource} of a {@code $validate} is a resource.
 */
@Component
@Interceptor
public class StrictBodyInterceptor implements RequestInterceptor {

    private final FhirContext fhirContext;
    private final long maxElements;

    public StrictBodyInterceptor(FhirContext fhirContext, RequestLimitSettings limits) {
        this.fhirContext = fhirContext;
        this.maxElements = limits.maxElements();
    }

    /** Before HAPI parses the body itself: some bodies it fails on with a 500 while parsing. */
    @Hook(Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED)
    public void checkBody(RequestDetails request) {
        RestOperationTypeEnum operation = request.getRestOperationType();
        if (operation == RestOperationTypeEnum.PATCH
                && request.getId() == null
                && request.getConditionalUrl(RestOperationTypeEnum.PATCH) == null) {
            throw new InvalidRequestException(
                    "A PATCH names the resource it changes: PATCH [type]/[id], or [type]?[search] (conditional patch)");
        }
        String contentType = request.getHeader("Content-Type");
        if (contentType == null || !hasBody(request)) {
            return;
        }
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (mediaType.equals("application/json-patch+json")) {
            PatchBodies.checkJsonPatch(request.loadRequestContents());
            return;
        }
        EncodingEnum encoding = EncodingEnum.forContentTypeStrict(mediaType);
        if (encoding != EncodingEnum.JSON && encoding != EncodingEnum.XML) {
            return;
        }
        byte[] body = request.loadRequestContents();
        if (body.length == 0) {
            return;
        }
        checkShape(encoding, body);
        IBaseResource resource = parseStrictly(encoding, body, request.getFhirServerBase());
        String urlType = request.getResourceName();
        if ((operation == RestOperationTypeEnum.CREATE || operation == RestOperationTypeEnum.UPDATE)
                && urlType != null
                && !urlType.equals(resource.fhirType())) {
            throw new InvalidRequestException(
                    "The body is a " + resource.fhirType() + ", but the URL names " + urlType);
        }
        if (operation == RestOperationTypeEnum.PATCH) {
            PatchBodies.checkFhirPathPatch(resource, fhirContext);
        }
        if (operation == RestOperationTypeEnum.TRANSACTION && resource instanceof Bundle bundle) {
            checkBundle(bundle);
        }
        if ("$validate".equals(request.getOperation()) && resource instanceof Parameters parameters) {
            parameters.getParameter().stream()
                    .filter(parameter -> parameter.getName().equals("resource") && !parameter.hasResource())
                    .findFirst()
                    .ifPresent(parameter -> {
                        throw new InvalidRequestException(
                                "The resource parameter of $validate carries a resource (Parameters.parameter.resource)");
                    });
        }
        request.setResource(resource);
    }

    /**
     * The format's rules HAPI's parser does not check ({@link FhirJsonShape}, {@link FhirXmlShape}), and the size of
     * the resource: a body within the byte limit can still hold hundreds of thousands of elements, each of which
     * HAPI indexes, and that one write would hold a core and the database for minutes.
     */
    private void checkShape(EncodingEnum encoding, byte[] body) {
        String problem;
        if (encoding == EncodingEnum.XML) {
            problem = FhirXmlShape.problemIn(body, maxElements);
            if (FhirXmlShape.TOO_MANY.equals(problem)) {
                throw tooManyElements();
            }
        } else {
            JsonNode tree = FhirJsonShape.read(body);
            if (tree == null) {
                return;
            }
            if (FhirJsonShape.values(tree) > maxElements) {
                throw tooManyElements();
            }
            problem = FhirJsonShape.problemIn(fhirContext, tree);
        }
        if (problem != null) {
            throw new InvalidRequestException("The body is not valid FHIR " + encoding.name() + ": " + problem);
        }
    }

    private PayloadTooLargeException tooManyElements() {
        return new PayloadTooLargeException("The body holds more than " + maxElements
                + " elements, more than this server accepts in one request (registry.limits.max-elements);"
                + " split it into smaller requests");
    }

    /**
     * HAPI's parser also fails on some malformed bodies with exceptions other than its own (an entry whose resource
     * is {@code null}: a NullPointerException); the body is still the client's, and unreadable.
     */
    IBaseResource parseStrictly(EncodingEnum encoding, byte[] body, String serverBase) {
        IParser parser = encoding.newParser(fhirContext).setParserErrorHandler(new StrictErrorHandler());
        parser.setServerBaseUrl(serverBase);
        try {
            return parser.parseResource(new String(body, StandardCharsets.UTF_8));
        } catch (DataFormatException e) {
            throw new InvalidRequestException("The body is not valid FHIR " + encoding.name() + ": "
                    + ErrorResponses.withoutHapiCode(e.getMessage()));
        } catch (RuntimeException e) {
            throw new InvalidRequestException("The body is not valid FHIR " + encoding.name()
                    + ": it could not be read (" + e.getClass().getSimpleName() + ": "
                    + ErrorResponses.withoutHapiCode(e.getMessage())
                    + ")");
        }
    }

    /** What R4 requires of a transaction or batch beyond its shape (Bundle.type 1..1, bdl-3, the entry's request). */
    static void checkBundle(Bundle bundle) {
        if (!bundle.hasType()) {
            throw new InvalidRequestException(
                    "Bundle.type is required: a Bundle posted to the server base is a transaction or a batch");
        }
        if (bundle.getType() != Bundle.BundleType.TRANSACTION && bundle.getType() != Bundle.BundleType.BATCH) {
            return;
        }
        for (int i = 0; i < bundle.getEntry().size(); i++) {
            Bundle.BundleEntryComponent entry = bundle.getEntry().get(i);
            String where = "Bundle.entry[" + i + "].request";
            Bundle.BundleEntryRequestComponent entryRequest = entry.getRequest();
            if (!entryRequest.hasMethod()) {
                throw new InvalidRequestException(
                        where + ".method is required in a " + bundle.getType().toCode());
            }
            if (!entryRequest.hasUrl() || entryRequest.getUrl().isBlank()) {
                throw new InvalidRequestException(
                        where + ".url is required in a " + bundle.getType().toCode());
            }
            if (HttpSyntax.hasBadEscape(entryRequest.getUrl())) {
                throw new InvalidRequestException(where + ".url has a '%' that does not start a percent-encoded byte");
            }
            Bundle.HTTPVerb method = entryRequest.getMethod();
            if ((method == Bundle.HTTPVerb.POST || method == Bundle.HTTPVerb.PUT) && !entry.hasResource()) {
                throw new InvalidRequestException(
                        "Bundle.entry[" + i + "].resource is required for a " + method.toCode());
            }
            if (entryRequest.hasIfMatch() && !HttpSyntax.isEntityTag(entryRequest.getIfMatch())) {
                throw new InvalidRequestException(
                        where + ".ifMatch is not an entity tag (e.g. W/\"3\"): " + entryRequest.getIfMatch());
            }
        }
    }

    private static boolean hasBody(RequestDetails request) {
        return switch (request.getRequestType()) {
            case POST, PUT, PATCH -> true;
            default -> false;
        };
    }
}
