package org.regenregistry.server.security;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.regenregistry.server.system.FhirServerSettings;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientCredentialsAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The registry's built-in authorization server (Spring Authorization Server): {@code client_credentials} tokens for
 * the clients of {@link SecuritySettings}, who authenticate with a signed JWT ({@code private_key_jwt}, checked by
 * {@link ClientAssertionDecoders}); the token carries the client's role and site. People sign in to the web app
 * through it too: OpenID Connect, the authorization code with PKCE, for the public client {@code registry-web}; their
 * tokens carry the person's role and site. Its endpoints are {@code /oauth2/authorize}, {@code /oauth2/token}, {@code
 * /oauth2/jwks}, {@code /userinfo}, {@code /.well-known/oauth-authorization-server} and {@code
 * /.well-known/openid-configuration}.
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
    private static final String USER_INFO = "/userinfo";
    private static final BearerTokenResolver BEARER = new DefaultBearerTokenResolver();
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
                                builder -> builder.claims(AuthorizationServerConfig::whatIsSupported)))
                        .oidc(oidc ->
                                oidc.providerConfigurationEndpoint(provider -> provider.providerConfigurationCustomizer(
                                        builder -> builder.claims(AuthorizationServerConfig::whatIsSupported)))))
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                // OpenID Connect's userinfo endpoint takes a bearer token; the other endpoints never read one, so a
                // token sent along to the token endpoint cannot stand in for the client's own authentication
                .oauth2ResourceServer(
                        resource -> resource.bearerTokenResolver(AuthorizationServerConfig::userInfoToken))
                // a person who is not signed in is sent to the sign-in form, then back to the authorization request
                .exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint("/sign-in"),
                        new MediaTypeRequestMatcher(MediaType.TEXT_HTML)))
                .csrf(csrf -> csrf.disable())
                .headers(headers -> headers.disable())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED));
        return http.build();
    }

    private static String userInfoToken(HttpServletRequest request) {
        return USER_INFO.equals(request.getRequestURI()) ? BEARER.resolve(request) : null;
    }

    /**
     * The metadata names only what the registry's clients can use (<a
     * href="https://www.rfc-editor.org/rfc/rfc8414#section-2">RFC 8414</a>): {@code client_credentials} with {@code
     * private_key_jwt}, and the authorization code with PKCE ({@code S256}) for the web app, a public client ({@code
     * none}); Spring's defaults also advertise client secrets and device flows that no registered client may use.
     */
    private static void whatIsSupported(Map<String, Object> claims) {
        List.of(
                        "pushed_authorization_request_endpoint",
                        "device_authorization_endpoint",
                        "dpop_signing_alg_values_supported",
                        "tls_client_certificate_bound_access_tokens")
                .forEach(claims::remove);
        List<String> privateKeyJwt = List.of(ClientAuthenticationMethod.PRIVATE_KEY_JWT.getValue());
        claims.put(
                "grant_types_supported",
                List.of(
                        AuthorizationGrantType.CLIENT_CREDENTIALS.getValue(),
                        AuthorizationGrantType.AUTHORIZATION_CODE.getValue()));
        claims.put("code_challenge_methods_supported", List.of("S256"));
        claims.put(
                "token_endpoint_auth_methods_supported",
                List.of(
                        ClientAuthenticationMethod.PRIVATE_KEY_JWT.getValue(),
                        ClientAuthenticationMethod.NONE.getValue()));
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
    RegisteredClientRepository registeredClients(SecuritySettings settings, FhirServerSettings fhir) {
        Map<String, RegisteredClient> clients = new HashMap<>();
        settings.clients().forEach((id, client) -> clients.put(id, registered(id, client, settings)));
        return new Clients(clients, settings, fhir.serverAddress());
    }

    /**
     * The clients of {@code registry.security.clients}, and the web app: a public client that may only send the
     * browser back to the registry itself, at {@code registry.fhir.server-address}'s root or, without one, at the
     * address the authorization request came in on (its host passed the host check).
     */
    private record Clients(Map<String, RegisteredClient> configured, SecuritySettings settings, String serverAddress)
            implements RegisteredClientRepository {

        @Override
        public void save(RegisteredClient client) {
            throw new UnsupportedOperationException("Clients are registered in registry.security.clients");
        }

        @Override
        public RegisteredClient findById(String id) {
            return findByClientId(id);
        }

        @Override
        public RegisteredClient findByClientId(String clientId) {
            if (!WebClientRegistrations.ID.equals(clientId)) {
                return configured.get(clientId);
            }
            if (!(RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes)) {
                return null;
            }
            String root = OAuthEndpoints.builtInIssuer(attributes.getRequest(), serverAddress);
            return RegisteredClient.withId(WebClientRegistrations.ID)
                    .clientId(WebClientRegistrations.ID)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                    .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                    .redirectUri(root + "/login/oauth2/code/" + WebClientRegistrations.ID)
                    .scope(OidcScopes.OPENID)
                    .clientSettings(ClientSettings.builder()
                            .requireProofKey(true)
                            .requireAuthorizationConsent(false)
                            .build())
                    .tokenSettings(TokenSettings.builder()
                            .accessTokenTimeToLive(settings.accessTokenLifetime())
                            .build())
                    .build();
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
     * Each token names its role and site: a client's, or the signed-in person's for the web app (its ID token too).
     * An access token names its audience, the registry's FHIR base, which the resource server requires; an ID token
     * keeps the web app's client id as its audience, as OpenID Connect requires.
     */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> registryClaims(FhirServerSettings fhir, SecuritySettings settings) {
        return context -> {
            String role;
            String site;
            if (AuthorizationGrantType.AUTHORIZATION_CODE.equals(context.getAuthorizationGrantType())) {
                SecuritySettings.Person person =
                        settings.people().get(context.getPrincipal().getName());
                if (person == null) {
                    throw new OAuth2AuthenticationException(OAuth2ErrorCodes.ACCESS_DENIED);
                }
                role = person.role().id();
                site = person.site();
            } else {
                ClientSettings client = context.getRegisteredClient().getClientSettings();
                role = client.getSetting(ROLE_SETTING);
                site = client.getSetting(SITE_SETTING);
            }
            context.getClaims().claim(ROLE_CLAIM, role);
            if (site != null) {
                context.getClaims().claim(SITE_CLAIM, site);
            }
            if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
                String issuer = context.getAuthorizationServerContext().getIssuer();
                context.getClaims().audience(List.of(OAuthEndpoints.audience(issuer, fhir.serverAddress())));
            }
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
