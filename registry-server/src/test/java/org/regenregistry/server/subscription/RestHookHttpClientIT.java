package org.regenregistry.server.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.impl.client.CloseableHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The rest-hook client against a real receiver on this machine: it does not follow a redirect, and where private
 * addresses are not allowed it does not connect to one, whatever the policy said before.
 */
class RestHookHttpClientIT {

    private final AtomicInteger redirected = new AtomicInteger();
    private HttpServer receiver;
    private String base;

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/hook", exchange -> {
            exchange.getResponseHeaders().add("Location", base + "/elsewhere");
            exchange.sendResponseHeaders(307, -1);
            exchange.close();
        });
        receiver.createContext("/elsewhere", exchange -> {
            redirected.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        receiver.start();
        base = "http://127.0.0.1:" + receiver.getAddress().getPort();
    }

    @AfterEach
    void stopReceiver() {
        receiver.stop(0);
    }

    @Test
    void aRedirectIsNotFollowed() throws IOException {
        try (CloseableHttpClient client =
                        RestHookHttpClient.create(new SubscriptionEndpointSettings(Set.of("127.0.0.1"), true, true));
                CloseableHttpResponse answer = client.execute(new HttpPost(base + "/hook"))) {
            assertThat(answer.getStatusLine().getStatusCode()).isEqualTo(307);
        }
        assertThat(redirected).hasValue(0);
    }

    @Test
    void aPrivateAddressIsNotConnectedToUnlessAllowed() throws IOException {
        try (CloseableHttpClient client =
                RestHookHttpClient.create(new SubscriptionEndpointSettings(Set.of("localhost"), true, false))) {
            assertThatThrownBy(() -> client.execute(new HttpPost(base + "/elsewhere")))
                    .isInstanceOf(UnknownHostException.class)
                    .hasMessageContaining("not a public address");
            assertThatThrownBy(() -> client.execute(new HttpPost(
                            "http://localhost:" + receiver.getAddress().getPort() + "/elsewhere")))
                    .isInstanceOf(UnknownHostException.class);
        }
        assertThat(redirected).hasValue(0);
    }
}
