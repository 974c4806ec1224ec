package org.regenregistry.server.audit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The key the registry signs its audit checkpoints with (ES256): a private JWK in a file outside the database, so that
 * whoever can rewrite the audit table cannot sign a rewritten chain. Made on first start when the file does not exist
 * (readable by its owner only); its public half is published at {@code /api/audit/jwks}.
 */
@Component
class AuditSigningKey {

    private final ECKey key;

    AuditSigningKey(AuditSettings settings) {
        this.key = loadOrCreate(settings.signingKey());
    }

    private static ECKey loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return ECKey.parse(Files.readString(file, StandardCharsets.UTF_8));
            }
            ECKey made = new ECKeyGenerator(Curve.P_256)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256)
                    .keyIDFromThumbprint(true)
                    .generate();
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path written = Files.writeString(
                    Files.createTempFile(parent, "audit-key", ".tmp"), made.toJSONString(), StandardCharsets.UTF_8);
            if (written.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(written, PosixFilePermissions.fromString("rw-------"));
            }
            Files.move(written, file);
            return made;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or make the audit signing key " + file, e);
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("The audit signing key " + file + " is no EC private JWK", e);
        }
    }

    /** A compact JWS over {@code claims}. */
    String sign(Map<String, Object> claims) {
        try {
            JWSObject jws = new JWSObject(
                    new JWSHeader.Builder(JWSAlgorithm.ES256)
                            .keyID(key.getKeyID())
                            .build(),
                    new Payload(claims));
            jws.sign(new ECDSASigner(key));
            return jws.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("Cannot sign with the audit key", e);
        }
    }

    /** The claims of {@code compact} if this key signed it, otherwise {@code null}. */
    Map<String, Object> verified(String compact) {
        try {
            JWSObject jws = JWSObject.parse(compact);
            return key.getKeyID().equals(jws.getHeader().getKeyID()) && jws.verify(new ECDSAVerifier(key.toPublicJWK()))
                    ? jws.getPayload().toJSONObject()
                    : null;
        } catch (ParseException | JOSEException e) {
            return null;
        }
    }

    /** The public key, as a JWK Set. */
    Map<String, Object> publicJwks() {
        return Map.of("keys", List.of(key.toPublicJWK().toJSONObject()));
    }
}
