package org.regenregistry.ehr.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PseudonymsTest {

    private static final Pseudonyms ST_OLAF = new Pseudonyms(bytes("st-olaf-sync-key-0123456789abcdef"));
    private static final Pseudonyms MAYO = new Pseudonyms(bytes("mayo-sync-key-0123456789abcdefghi"));

    @Test
    void theMrnHashIsPlainHmacSha256SoASiteCanComputeItWithAnyTool() {
        // RFC 4231, test case 2
        assertThat(new Pseudonyms(bytes("Jefe")).mrnHash("what do ya want for nothing?"))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void theSameMrnAlwaysGetsTheSameHashAndPseudonym() {
        String hash = ST_OLAF.mrnHash("MRN-0042");

        assertThat(ST_OLAF.mrnHash("MRN-0042")).isEqualTo(hash);
        assertThat(ST_OLAF.pseudonym(hash)).isEqualTo(ST_OLAF.pseudonym(ST_OLAF.mrnHash("MRN-0042")));
        assertThat(ST_OLAF.pseudonym(hash)).matches("RR-[A-Z2-7]{20}");
        assertThat(ST_OLAF.mrnHash("MRN-0043")).isNotEqualTo(hash);
    }

    @Test
    void anotherSiteKeyGivesAnotherHashPseudonymAndPatientIdHash() {
        assertThat(MAYO.mrnHash("MRN-0042")).isNotEqualTo(ST_OLAF.mrnHash("MRN-0042"));
        assertThat(MAYO.pseudonym(MAYO.mrnHash("MRN-0042")))
                .isNotEqualTo(ST_OLAF.pseudonym(ST_OLAF.mrnHash("MRN-0042")));
        assertThat(MAYO.patientIdHash("p-1")).isNotEqualTo(ST_OLAF.patientIdHash("p-1"));
    }

    @Test
    void thePatientIdHashIsNotTheMrnHashOfTheSameValue() {
        assertThat(ST_OLAF.patientIdHash("b3f4a2d6")).isNotEqualTo(ST_OLAF.mrnHash("b3f4a2d6"));
    }

    @Test
    void base32IsRfc4648WithoutPadding() {
        assertThat(Pseudonyms.base32(bytes("f"))).isEqualTo("MY");
        assertThat(Pseudonyms.base32(bytes("foobar"))).isEqualTo("MZXW6YTBOI");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
