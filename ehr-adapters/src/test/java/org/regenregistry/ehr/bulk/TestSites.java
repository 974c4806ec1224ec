package org.regenregistry.ehr.bulk;

import java.net.URI;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import org.regenregistry.ehr.smart.BackendServicesClient;
import org.regenregistry.ehr.smart.SigningKey;

/** The real SMART Backend Services transport, pointed at an EHR stub, with one RSA key for all tests. */
final class TestSites {

    private static PrivateKey key;

    private TestSites() {}

    static BackendServicesClient transport(HttpClient http, URI fhirBase, String scope)
            throws GeneralSecurityException {
        return new BackendServicesClient(
                http,
                fhirBase,
                "regen-registry",
                scope,
                SigningKey.of(key(), "registry-2026"),
                Duration.ofSeconds(10),
                Clock.systemUTC());
    }

    private static synchronized PrivateKey key() throws GeneralSecurityException {
        if (key == null) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            key = generator.generateKeyPair().getPrivate();
        }
        return key;
    }
}
