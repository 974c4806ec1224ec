package org.regenregistry.server.subscription;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether the registry may send a request to a URL it was given: the scheme, the host against the
 * allow-list, and every address the host resolves to. Only hosts on the allow-list are resolved, so a client cannot
 * make the registry look up names of its choosing.
 */
final class EndpointPolicy {

    /** Resolves a host name to its addresses, as {@link InetAddress#getAllByName} does. */
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final SubscriptionEndpointSettings settings;
    private final Resolver resolver;

    EndpointPolicy(SubscriptionEndpointSettings settings, Resolver resolver) {
        this.settings = settings;
        this.resolver = resolver;
    }

    /** Why the registry must not send to {@code endpoint}, or empty when it may. */
    Optional<String> refusal(String endpoint) {
        URI uri;
        try {
            uri = new URI(endpoint == null ? "" : endpoint);
        } catch (URISyntaxException e) {
            return Optional.of("is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && settings.allowHttp())) {
            return Optional.of(settings.allowHttp() ? "must be an http or https URL" : "must be an https URL");
        }
        if (uri.getHost() == null || uri.getUserInfo() != null) {
            return Optional.of("must name a host, without user information");
        }
        String host = hostOf(uri);
        if (!allowed(host)) {
            return Optional.of("names the host " + host + ", which is not among the receivers this registry delivers"
                    + " to (registry.subscriptions.allowed-hosts)");
        }
        if (settings.allowPrivateAddresses()) {
            return Optional.empty();
        }
        try {
            for (InetAddress address : resolver.resolve(host)) {
                if (!isPublic(address)) {
                    return Optional.of("resolves to " + address.getHostAddress()
                            + ", which is not a public address (registry.subscriptions.allow-private-addresses)");
                }
            }
        } catch (UnknownHostException e) {
            return Optional.of("names the host " + host + ", which does not resolve");
        }
        return Optional.empty();
    }

    private boolean allowed(String host) {
        return settings.allowedHosts().stream()
                .map(allowed -> allowed.toLowerCase(Locale.ROOT))
                .anyMatch(allowed -> allowed.startsWith("*.")
                        ? host.endsWith(allowed.substring(1)) && host.length() > allowed.length() - 1
                        : host.equals(allowed));
    }

    /** The host without the brackets of an IPv6 literal, in lower case. */
    private static String hostOf(URI uri) {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /**
     * Whether an address is reachable on the public internet only: not loopback, link-local, private (RFC 1918 and
     * IPv6 unique-local), shared (RFC 6598), unspecified or multicast. Java reads an IPv4 address mapped into IPv6
     * ({@code ::ffff:127.0.0.1}) as the IPv4 address, so the same rules apply to it.
     */
    static boolean isPublic(InetAddress address) {
        if (address.isLoopbackAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isAnyLocalAddress()
                || address.isMulticastAddress()) {
            return false;
        }
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            return first != 0 && !(first == 100 && second >= 64 && second <= 127);
        }
        boolean uniqueLocal = (bytes[0] & 0xfe) == 0xfc;
        return !uniqueLocal;
    }
}
