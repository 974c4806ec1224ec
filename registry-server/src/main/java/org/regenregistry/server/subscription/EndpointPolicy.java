package org.regenregistry.server.subscription;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
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
     * IPv6 unique-local), shared (RFC 6598), unspecified, multicast, or any other special-purpose block of the <a
     * href="https://www.iana.org/assignments/iana-ipv4-special-registry/">IANA registries</a> (benchmarking,
     * documentation, reserved, broadcast). An IPv4 address carried inside an IPv6 one (mapped, compatible, NAT64
     * {@code 64:ff9b::/96}, 6to4 {@code 2002::/16}) is judged as that IPv4 address, since the network delivers it
     * there.
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
        return bytes.length == 4 ? isPublicIpv4(bytes) : isPublicIpv6(bytes);
    }

    private static boolean isPublicIpv4(byte[] bytes) {
        int first = bytes[0] & 0xff;
        int second = bytes[1] & 0xff;
        int third = bytes[2] & 0xff;
        boolean special = first == 0
                || first == 10
                || first == 127
                || (first == 100 && second >= 64 && second <= 127)
                || (first == 169 && second == 254)
                || (first == 172 && second >= 16 && second <= 31)
                || (first == 192 && second == 0 && (third == 0 || third == 2))
                || (first == 192 && second == 168)
                || (first == 198 && (second == 18 || second == 19))
                || (first == 198 && second == 51 && third == 100)
                || (first == 203 && second == 0 && third == 113)
                || first >= 224;
        return !special;
    }

    private static boolean isPublicIpv6(byte[] bytes) {
        int firstWord = ((bytes[0] & 0xff) << 8) | (bytes[1] & 0xff);
        int secondWord = ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff);
        if (firstWord == 0x2002) {
            return isPublicIpv4(Arrays.copyOfRange(bytes, 2, 6));
        }
        boolean zeroPrefix = allZero(bytes, 0, 12);
        boolean nat64 = firstWord == 0x64 && secondWord == 0xff9b && allZero(bytes, 4, 12);
        if (zeroPrefix || nat64) {
            return isPublicIpv4(Arrays.copyOfRange(bytes, 12, 16));
        }
        boolean uniqueLocal = (bytes[0] & 0xfe) == 0xfc;
        boolean documentation = firstWord == 0x2001 && secondWord == 0x0db8;
        boolean discard = firstWord == 0x0100 && allZero(bytes, 2, 8);
        return !uniqueLocal && !documentation && !discard;
    }

    private static boolean allZero(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
