package org.regenregistry.server.security;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.regenregistry.server.security.SecuritySettings.Role;
import org.regenregistry.server.system.FhirServerSettings;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * {@code POST /dev/token?role=site&site=st-olaf}: a token for any role, as plain text, so that someone trying the
 * embedded default needs one command, not a registered client and a signed assertion. Only with {@code
 * registry.security.dev-tokens} (the embedded default's setting), only with the built-in issuer and the embedded H2
 * database (the registry refuses to start otherwise), and only to a caller on this machine. The token is an ordinary
 * token of the built-in issuer: the same checks, the same lifetime.
 */
@RestController
@ConditionalOnProperty(name = "registry.security.dev-tokens", havingValue = "true")
class DevTokenController {

    private final NimbusJwtEncoder encoder;
    private final SecuritySettings settings;
    private final FhirServerSettings fhir;

    DevTokenController(
            JWKSource<SecurityContext> keys,
            SecuritySettings settings,
            FhirServerSettings fhir,
            @Value("${spring.datasource.url:}") String database) {
        if (!settings.builtInIssuer() || !database.startsWith("jdbc:h2:")) {
            throw new IllegalStateException("registry.security.dev-tokens is for the embedded default only (the"
                    + " built-in issuer and the embedded H2 database), never for a registry holding real data");
        }
        this.encoder = new NimbusJwtEncoder(keys);
        this.settings = settings;
        this.fhir = fhir;
    }

    @PostMapping(path = "/dev/token", produces = MediaType.TEXT_PLAIN_VALUE)
    String token(
            HttpServletRequest request,
            @RequestParam String role,
            @RequestParam(required = false) String site,
            @RequestParam(required = false) String scope)
            throws UnknownHostException {
        if (!InetAddress.getByName(request.getRemoteAddr()).isLoopbackAddress()) {
            throw new ResponseStatusException(HttpStatus.FORBIDDEN, "Development tokens go to this machine only");
        }
        Role granted = Arrays.stream(Role.values())
                .filter(candidate -> candidate.id().equals(role))
                .findFirst()
                .orElseThrow(() -> new ResponseStatusException(
                        HttpStatus.BAD_REQUEST, "role is one of site, researcher, regulator, registry-admin"));
        if ((granted == Role.SITE) == (site == null || site.isBlank())) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST, "A site token names its site (site=...), and only a site token does");
        }
        String issuer = OAuthEndpoints.builtInIssuer(request, fhir.serverAddress());
        Instant now = Instant.now();
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
                .issuer(issuer)
                .subject("dev-" + granted.id())
                .audience(List.of(OAuthEndpoints.audience(issuer, fhir.serverAddress())))
                .issuedAt(now)
                .notBefore(now)
                .expiresAt(now.plus(settings.accessTokenLifetime()))
                .id(UUID.randomUUID().toString())
                .claim("scope", List.of((scope == null ? defaultScope(granted) : scope).split(" ")))
                .claim(AuthorizationServerConfig.ROLE_CLAIM, granted.id());
        if (granted == Role.SITE) {
            claims.claim(AuthorizationServerConfig.SITE_CLAIM, site);
        }
        return encoder.encode(JwtEncoderParameters.from(
                        JwsHeader.with(SignatureAlgorithm.RS256).build(), claims.build()))
                .getTokenValue();
    }

    private static String defaultScope(Role role) {
        return role == Role.SITE ? "system/*.cruds" : "system/*.rs";
    }
}
