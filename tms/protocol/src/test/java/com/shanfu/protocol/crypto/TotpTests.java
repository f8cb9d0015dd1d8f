package com.shanfu.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The published vectors: RFC 6238 appendix B (SHA-1 rows), RFC 4226 appendix D, RFC 4648 section 10. */
class TotpTests {

    private static final byte[] RFC_SECRET = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @Test
    void rfc6238AppendixBSha1() {
        assertThat(Totp.code(RFC_SECRET, Totp.step(59_000L), 8)).isEqualTo("94287082");
        assertThat(Totp.code(RFC_SECRET, Totp.step(1_111_111_109_000L), 8)).isEqualTo("07081804");
        assertThat(Totp.code(RFC_SECRET, Totp.step(1_111_111_111_000L), 8)).isEqualTo("14050471");
        assertThat(Totp.code(RFC_SECRET, Totp.step(1_234_567_890_000L), 8)).isEqualTo("89005924");
        assertThat(Totp.code(RFC_SECRET, Totp.step(2_000_000_000_000L), 8)).isEqualTo("69279037");
        assertThat(Totp.code(RFC_SECRET, Totp.step(20_000_000_000_000L), 8)).isEqualTo("65353130");
    }

    @Test
    void rfc4226AppendixDCounters() {
        String[] expected = {
            "755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"
        };
        for (int i = 0; i < expected.length; i++) {
            assertThat(Totp.code(RFC_SECRET, i, 6)).as("counter " + i).isEqualTo(expected[i]);
        }
    }

    @Test
    void base32AsRfc4648Section10() {
        assertThat(Totp.base32("f")).isEqualTo("MY");
        assertThat(Totp.base32("fo")).isEqualTo("MZXQ");
        assertThat(Totp.base32("foob")).isEqualTo("MZXW6YQ");
        assertThat(Totp.base32("foobar")).isEqualTo("MZXW6YTBOI");
        assertThat(new String(Totp.fromBase32("MZXW 6YTB OI======"), StandardCharsets.US_ASCII))
                .isEqualTo("foobar");
        assertThat(new String(Totp.fromBase32("mzxw6yq"), StandardCharsets.US_ASCII))
                .isEqualTo("foob");
    }
}
