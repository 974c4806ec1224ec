package org.regenregistry.server.security;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.regenregistry.server.system.FhirServerSettings;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The registry's built-in authorization server (Spring Authorization Server): {@code client_credentials} tokens for
 * the clients of {@link SecuritySettings}, who authenticate with a signed JWT ({@code private_key_jwt}, checked by
 * {@link ClientAssertionDecoders}); the token carries the client's role and site. Its endpoints are {@code
 * /oauth2/token}, {@code /oauth2/jwks} and {@code /.well-known/oauth-authorization-server}.
 *
 * <p>Off when {@code registry.security.issuer-uri} names an external issuer.
 */
@Configuration
@ConditionalOnExpression("'${registry.security.issuer-uri:}'.isEmpty()")
class AuthorizationServerConfig {

    /** The claims a registry token carries beside the standard ones. */
    static final String ROLE_CLAIM = "role";

    static final String SITE_CLAIM = "site";
    private static final String ROLE_SETTING = "regen-registry.role";
    private static final String SITE_SETTING = "regen-registry.site";

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServer(HttpSecurity http, ClientAssertionDecoders decoders) throws Exception {
        OAuth2AuthorizationServerConfigurer server = OAuth2AuthorizationServerConfigurer.authorizationServer();
        http.securityMatcher(server.getEndpointsMatcher())
                .with(server, configurer -> configurer
                        .clientAuthentication(clients -> clients.authenticationConverters(
                                        converters -> converters.add(0, new SmartClientAssertionConverter()))
                                .authenticationProviders(providers -> providers.forEach(provider -> {
                                    if (provider instanceof JwtClientAssertionAuthenticationProvider assertions) {
                                        assertions.setJwtDecoderFactory(decoders);
                                    }
                                })))
                        .tokenEndpoint(
                                tokens -> tokens.authenticationProviders(providers -> providers.forEach(provider -> {
                                    if (provider instanceof OAuth2ClientCredentialsAuthenticationProvider credentials) {
                                        credentials.setAuthenticationValidator(new RequestedScopes());
                                    }
                                })))
                        .authorizationServerMetadataEndpoint(metadata -> metadata.authorizationServerMetadataCustomizer(
                                builder -> builder.claims(AuthorizationServerConfig::whatIsSupported))))
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .csrf(csrf -> csrf.disable())
                .headers(headers -> headers.disable())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return http.build();
    }

    /**
     * The metadata names only what the registry's clients can use: {@code client_credentials} with {@code
     * private_key_jwt} (<a href="https://www.rfc-editor.org/rfc/rfc8414#section-2">RFC 8414</a>); Spring's defaults
     * also advertise client secrets, device flows and PKCE that no registered client may use. The authorization
     * endpoint stays named: Spring requires it in the metadata, and it grants nothing to a client_credentials client.
     */
    private static void whatIsSupported(Map<String, Object> claims) {
        List.of(
                        "pushed_authorization_request_endpoint",
                        "device_authorization_endpoint",
                        "code_challenge_methods_supported",
                        "dpop_signing_alg_values_supported",
                        "tls_client_certificate_bound_access_tokens")
                .forEach(claims::remove);
        List<String> privateKeyJwt = List.of(ClientAuthenticationMethod.PRIVATE_KEY_JWT.getValue());
        claims.put("grant_types_supported", List.of(AuthorizationGrantType.CLIENT_CREDENTIALS.getValue()));
        claims.put("token_endpoint_auth_methods_supported", privateKeyJwt);
        claims.put("token_endpoint_auth_signing_alg_values_supported", ClientAssertionDecoders.ALGORITHM_NAMES);
        claims.put("revocation_endpoint_auth_methods_supported", privateKeyJwt);
        claims.put("introspection_endpoint_auth_methods_supported", privateKeyJwt);
    }

    @Bean
    ClientAssertionDecoders clientAssertionDecoders() {
        return new ClientAssertionDecoders(Clock.systemUTC());
    }

    /**
     * The issuer named in tokens and metadata: the registry's public root when {@code registry.fhir.server-address}
     * names it, so that no request's {@code Host} decides it; otherwise the address a request came in on.
     */
    @Bean
    AuthorizationServerSettings authorizationServerSettings(FhirServerSettings fhir) {
        AuthorizationServerSettings.Builder settings = AuthorizationServerSettings.builder();
        if (!fhir.serverAddress().isBlank()) {
            settings.issuer(OAuthEndpoints.root(fhir.serverAddress()));
        }
        return settings.build();
    }

    @Bean
    RegisteredClientRepository registeredClients(SecuritySettings settings) {
        List<RegisteredClient> clients = settings.clients().entrySet().stream()
                .map(entry -> registered(entry.getKey(), entry.getValue(), settings))
                .toList();
        return clients.isEmpty() ? new NoClients() : new InMemoryRegisteredClientRepository(clients);
    }

    /** No client is registered: the token endpoint refuses every request. */
    private static final class NoClients implements RegisteredClientRepository {
        @Override
        public void save(RegisteredClient client) {
            throw new UnsupportedOperationException("Clients are registered in registry.security.clients");
        }

        @Override
        public RegisteredClient findById(String id) {
            return null;
        }

        @Override
        public RegisteredClient findByClientId(String clientId) {
            return null;
        }
    }

    private static RegisteredClient registered(String id, SecuritySettings.Client client, SecuritySettings settings) {
        // Spring checks the assertion's algorithm against this one only in its own decoder; ClientAssertionDecoders
        // replaces that decoder and takes RS384 and ES384 alike, so the value only has to be one of the two.
        ClientSettings.Builder clientSettings = ClientSettings.builder()
                .tokenEndpointAuthenticationSigningAlgorithm(SignatureAlgorithm.RS384)
                .setting(ROLE_SETTING, client.role().id());
        if (client.site() != null) {
            clientSettings.setting(SITE_SETTING, client.site());
        }
        if (client.jwksUrl() != null) {
            clientSettings.jwkSetUrl(client.jwksUrl().toString());
        } else {
            clientSettings.setting(ClientAssertionDecoders.INLINE_JWKS, client.jwks());
        }
        return RegisteredClient.withId(id)
                .clientId(id)
                .clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .scopes(scopes -> scopes.addAll(client.scopes()))
                .clientSettings(clientSettings.build())
                .tokenSettings(TokenSettings.builder()
                        .accessTokenTimeToLive(settings.accessTokenLifetime())
                        .build())
                .build();
    }

    /**
     * Each token names its client's role and site, and its audience: the registry's FHIR base, which the resource
     * server requires.
     */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> registryClaims(FhirServerSettings fhir) {
        return context -> {
            ClientSettings client = context.getRegisteredClient().getClientSettings();
            context.getClaims().claim(ROLE_CLAIM, client.<String>getSetting(ROLE_SETTING));
            String site = client.getSetting(SITE_SETTING);
            if (site != null) {
                context.getClaims().claim(SITE_CLAIM, site);
            }
            String issuer = context.getAuthorizationServerContext().getIssuer();
            context.getClaims().audience(List.of(OAuthEndpoints.audience(issuer, fhir.serverAddress())));
        };
    }

    /**
     * The key the registry signs its tokens with: new at every start, so tokens do not outlive a restart of the
     * built-in server (they last minutes; clients ask again).
     */
    @Bean
    JWKSource<SecurityContext> tokenSigningKey() throws Exception {
        RSAKey key = new RSAKeyGenerator(2048)
                .keyID(UUID.randomUUID().toString())
                .keyUse(KeyUse.SIGNATURE)
                .generate();
        return new ImmutableJWKSet<>(new JWKSet(key));
    }
}
