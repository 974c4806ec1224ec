package org.regenregistry.ehr.mapping;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keyed hashes that stand in for a person's identifiers in the registry: HMAC-SHA256 (RFC 2104) with the site's
 * key, so only the site can link a hash back to its records, and the same person always gets the same hash.
 */
final class Pseudonyms {

    private static final String ALGORITHM = "HmacSHA256";
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final int PSEUDONYM_CHARS = 20;

    private final SecretKeySpec key;

    Pseudonyms(byte[] key) {
        this.key = new SecretKeySpec(key, ALGORITHM);
    }

    /** The keyed hash of an MRN, lower-case hex: what the site computes to find a registry Patient. */
    String mrnHash(String mrn) {
        return HexFormat.of().formatHex(hmac(mrn));
    }

    /** {@code RR-} and 20 base32 characters (100 bits) of a second keyed hash over the MRN hash. */
    String pseudonym(String mrnHash) {
        return "RR-" + base32(hmac("pseudonym:" + mrnHash)).substring(0, PSEUDONYM_CHARS);
    }

    /** The keyed hash standing for an EHR Patient's logical id, which some EHRs set to the MRN itself. */
    String patientIdHash(String patientId) {
        return HexFormat.of().formatHex(hmac("patient-id:" + patientId));
    }

    private byte[] hmac(String message) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is part of every Java runtime", e);
        }
    }

    /** RFC 4648 base32, without padding. */
    static String base32(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32[(buffer >> (bits - 5)) & 0x1f]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32[(buffer << (5 - bits)) & 0x1f]);
        }
        return out.toString();
    }
}
