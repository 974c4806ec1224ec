package org.regenregistry.server.ehr;

import io.swagger.v3.oas.annotations.Operation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public keys of the registry's own EHR clients as a JWK Set (<a href="https://www.rfc-editor.org/rfc/rfc7517">RFC
 * 7517</a>): the URL a hospital registers the registry's SMART Backend Services client with, so that it can check the
 * registry's client assertions and follow a key rotation without a new registration. Public keys only; one entry per
 * {@code kid}, however many sites share the key; two different keys under one {@code kid} stop the start.
 */
@RestController
class EhrClientKeysController {

    private final List<Map<String, Object>> keys;

    EhrClientKeysController(EhrSettings settings) {
        Map<Object, Map<String, Object>> byKeyId = new LinkedHashMap<>();
        settings.sites().forEach((id, site) -> {
            Map<String, Object> jwk = site.spec(id).publicJwk();
            Map<String, Object> earlier = byKeyId.putIfAbsent(jwk.get("kid"), jwk);
            if (earlier != null && !earlier.equals(jwk)) {
                throw new IllegalStateException("Two different keys of registry.ehr.sites share the key id "
                        + jwk.get("kid") + " (site " + id + "): a hospital could not tell which one signed");
            }
        });
        this.keys = List.copyOf(byKeyId.values());
    }

    @Operation(summary = "The JWK Set of the keys the registry signs its client assertions to hospital EHRs with")
    @GetMapping(
            path = "/api/ehr/jwks",
            produces = {"application/jwk-set+json", "application/json"})
    Map<String, Object> jwks() {
        return Map.of("keys", keys);
    }
}
