package org.regenregistry.ehr.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import javax.net.ssl.SSLSession;

/**
 * A {@link FhirTransport} without a server: it answers from a script of string responses and exceptions, in order,
 * and records the requests it was given.
 */
public final class ScriptedTransport implements FhirTransport {

    private final URI fhirBase;
    private final Deque<Object> script = new ArrayDeque<>();
    private final List<HttpRequest> requests = new ArrayList<>();

    public ScriptedTransport(URI fhirBase) {
        this.fhirBase = fhirBase;
    }

    /** Queues a response with the given status, headers (name, value, name, value...) and body. */
    public ScriptedTransport answer(int status, String body, String... headers) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            map.computeIfAbsent(headers[i], name -> new ArrayList<>()).add(headers[i + 1]);
        }
        script.add(new Answer(status, body, HttpHeaders.of(map, (name, value) -> true)));
        return this;
    }

    /** Queues an exception. */
    public ScriptedTransport fail(IOException exception) {
        script.add(exception);
        return this;
    }

    /** The body a request sends, read from its publisher. */
    public static String bodyOf(HttpRequest request) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture<Void> done = new CompletableFuture<>();
        request.bodyPublisher().orElseThrow().subscribe(new Flow.Subscriber<ByteBuffer>() {
            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(ByteBuffer item) {
                byte[] bytes = new byte[item.remaining()];
                item.get(bytes);
                out.write(bytes, 0, bytes.length);
            }

            @Override
            public void onError(Throwable failure) {
                done.completeExceptionally(failure);
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }
        });
        done.join();
        return out.toString(StandardCharsets.UTF_8);
    }

    public List<HttpRequest> requests() {
        return List.copyOf(requests);
    }

    @Override
    public URI fhirBase() {
        return fhirBase;
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) throws IOException {
        HttpRequest built = request.build();
        requests.add(built);
        Object next = script.poll();
        if (next == null) {
            throw new AssertionError("No answer scripted for request " + requests.size() + ": " + built.uri());
        }
        if (next instanceof IOException exception) {
            throw exception;
        }
        Answer answer = (Answer) next;
        return (HttpResponse<T>) new StringResponse(built, answer);
    }

    private record Answer(int status, String body, HttpHeaders headers) {}

    private record StringResponse(HttpRequest request, Answer answer) implements HttpResponse<String> {

        @Override
        public int statusCode() {
            return answer.status();
        }

        @Override
        public Optional<HttpResponse<String>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public HttpHeaders headers() {
            return answer.headers();
        }

        @Override
        public String body() {
            return answer.body();
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public URI uri() {
            return request.uri();
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
