package org.regenregistry.server.subscription;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.conn.DnsResolver;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.SystemDefaultDnsResolver;

/**
 * The HTTP client HAPI delivers rest-hooks with. {@link EndpointPolicy} checks an endpoint before each delivery;
 * this client keeps that check true while the request is made: it follows no redirect (a receiver could send the
 * registry on to an address the policy refuses), and it connects only to the addresses it has just resolved and
 * judged public, so a host whose name turns to a private address between the check and the connection (DNS
 * rebinding) is not reached.
 */
final class RestHookHttpClient {

    private static final int CONNECT_TIMEOUT_MS = 10_000;
    private static final int READ_TIMEOUT_MS = 30_000;
    private static final int MAX_CONNECTIONS = 20;

    private RestHookHttpClient() {}

    static CloseableHttpClient create(SubscriptionEndpointSettings settings) {
        DnsResolver resolver = settings.allowPrivateAddresses() ? SystemDefaultDnsResolver.INSTANCE : publicOnly();
        return HttpClients.custom()
                .setDnsResolver(resolver)
                .setMaxConnTotal(MAX_CONNECTIONS)
                .setMaxConnPerRoute(MAX_CONNECTIONS)
                .setConnectionTimeToLive(5, TimeUnit.MINUTES)
                .disableRedirectHandling()
                .disableCookieManagement()
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectTimeout(CONNECT_TIMEOUT_MS)
                        .setConnectionRequestTimeout(CONNECT_TIMEOUT_MS)
                        .setSocketTimeout(READ_TIMEOUT_MS)
                        .setRedirectsEnabled(false)
                        .build())
                .build();
    }

    private static DnsResolver publicOnly() {
        return host -> {
            InetAddress[] addresses = SystemDefaultDnsResolver.INSTANCE.resolve(host);
            for (InetAddress address : addresses) {
                if (!EndpointPolicy.isPublic(address)) {
                    throw new UnknownHostException(
                            host + " resolves to " + address.getHostAddress() + ", which is not a public address");
                }
            }
            return addresses;
        };
    }
}
