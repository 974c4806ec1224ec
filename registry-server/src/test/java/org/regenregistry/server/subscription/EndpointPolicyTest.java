package org.regenregistry.server.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EndpointPolicyTest {

    /** Name resolution of this test: the receivers' hosts, one of them turned to a private address. */
    private static final Map<String, String> DNS = Map.of(
            "ehr.st-olaf.example", "93.184.216.34",
            "hooks.st-olaf.example", "93.184.216.35",
            "rebound.st-olaf.example", "10.0.0.7");

    private static final EndpointPolicy.Resolver RESOLVER = host -> {
        String address = DNS.get(host);
        if (address == null) {
            throw new UnknownHostException(host);
        }
        return new InetAddress[] {InetAddress.getByName(address)};
    };

    private final EndpointPolicy strict = new EndpointPolicy(
            new SubscriptionEndpointSettings(Set.of("ehr.st-olaf.example", "*.st-olaf.example"), false, false),
            RESOLVER);

    @Test
    void anHttpsEndpointOfAnAllowedHostWithPublicAddressesIsAccepted() {
        assertThat(strict.refusal("https://ehr.st-olaf.example/fhir/notify")).isEmpty();
        assertThat(strict.refusal("https://HOOKS.st-olaf.example:8443/r")).isEmpty();
    }

    @Test
    void hostsOffTheListAreRefusedWithoutBeingLookedUp() {
        EndpointPolicy noLookups = new EndpointPolicy(
                new SubscriptionEndpointSettings(Set.of("ehr.st-olaf.example"), false, false), host -> {
                    throw new AssertionError("looked up " + host);
                });

        assertThat(noLookups.refusal("https://evil.example/steal"))
                .hasValueSatisfying(reason ->
                        assertThat(reason).contains("evil.example").contains("registry.subscriptions.allowed-hosts"));
        assertThat(noLookups.refusal("https://st-olaf.example.evil.example/")).isPresent();
        assertThat(strict.refusal("https://st-olaf.example/"))
                .as("*.domain is below the domain only")
                .isPresent();
    }

    @Test
    void plainHttpAndOtherSchemesAreRefusedUnlessHttpIsAllowed() {
        assertThat(strict.refusal("http://ehr.st-olaf.example/notify")).contains("must be an https URL");
        assertThat(strict.refusal("ftp://ehr.st-olaf.example/notify")).contains("must be an https URL");
        assertThat(strict.refusal("file:///etc/passwd")).contains("must be an https URL");
        assertThat(strict.refusal("not a url")).contains("is not a URL");
        assertThat(strict.refusal(null)).isPresent();
        assertThat(strict.refusal("https://user:pw@ehr.st-olaf.example/")).isPresent();

        EndpointPolicy http = new EndpointPolicy(
                new SubscriptionEndpointSettings(Set.of("ehr.st-olaf.example"), true, false), RESOLVER);
        assertThat(http.refusal("http://ehr.st-olaf.example/notify")).isEmpty();
    }

    @Test
    void anAllowedHostThatResolvesToAPrivateAddressIsRefused() {
        assertThat(strict.refusal("https://rebound.st-olaf.example/"))
                .hasValueSatisfying(
                        reason -> assertThat(reason).contains("10.0.0.7").contains("not a public address"));
    }

    @Test
    void addressLiteralsOfLoopbackLinkLocalAndPrivateRangesAreRefusedEvenWhenListed() {
        for (String literal : new String[] {
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "[::1]",
            "[fe80::1]",
            "[fd00::1]",
            "[::ffff:127.0.0.1]",
            "192.0.0.1",
            "198.18.0.1",
            "203.0.113.9",
            "240.0.0.1",
            "255.255.255.255",
            "[::127.0.0.1]",
            "[64:ff9b::7f00:1]",
            "[64:ff9b::a9fe:a9fe]",
            "[2002:a00:1::1]",
            "[2001:db8::1]"
        }) {
            String host = literal.replace("[", "").replace("]", "");
            EndpointPolicy listed = new EndpointPolicy(
                    new SubscriptionEndpointSettings(Set.of(host), false, false), InetAddress::getAllByName);
            assertThat(listed.refusal("https://" + literal + ":9200/"))
                    .as(literal)
                    .hasValueSatisfying(reason -> assertThat(reason).contains("not a public address"));
        }
    }

    @Test
    void privateAddressesPassWhenTheOperatorAllowsThem() {
        EndpointPolicy internal = new EndpointPolicy(
                new SubscriptionEndpointSettings(Set.of("rebound.st-olaf.example"), false, true), RESOLVER);

        assertThat(internal.refusal("https://rebound.st-olaf.example/")).isEmpty();
    }

    @Test
    void publicAddressesArePublic() throws UnknownHostException {
        assertThat(EndpointPolicy.isPublic(InetAddress.getByName("93.184.216.34")))
                .isTrue();
        assertThat(EndpointPolicy.isPublic(InetAddress.getByName("2606:2800:220:1::1")))
                .isTrue();
        assertThat(EndpointPolicy.isPublic(InetAddress.getByName("100.128.0.1")))
                .isTrue();
        assertThat(EndpointPolicy.isPublic(InetAddress.getByName("64:ff9b::5db8:d822")))
                .as("NAT64 of 93.184.216.34")
                .isTrue();
        assertThat(EndpointPolicy.isPublic(InetAddress.getByName("2002:5db8:d822::1")))
                .as("6to4 of 93.184.216.34")
                .isTrue();
    }
}
