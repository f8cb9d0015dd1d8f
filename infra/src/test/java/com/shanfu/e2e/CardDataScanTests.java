package com.shanfu.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.shanfu.protocol.crypto.PinBlock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scan finds card data in every form it can be written in, and not its masked or hashed forms. */
class CardDataScanTests {

    static final String PAN = "6228480402564890018";
    final CardDataScan scan = new CardDataScan(CardDataScan.needles(List.of(PAN), CardDataScan.DEMO_ISSUER_KEYS));

    @Test
    void findsAPanAsDigitsAsBcdAndInsideATrack() {
        assertThat(names("card 6228480402564890018 approved")).containsExactly("full PAN 622848…0018");
        assertThat(names("tag 57 = 6228480402564890018D31122201234F")).containsExactly("full PAN 622848…0018");
        byte[] bcd = HexFormat.of().parseHex("00" + PAN + "F" + "00");
        assertThat(scan.search(null, bcd))
                .extracting(CardDataScan.Needle::what)
                .containsExactly("full PAN 622848…0018");
    }

    @Test
    void findsAClearPinBlockAndAClearKey() {
        String block = HexFormat.of().formatHex(PinBlock.format0("123456", PAN));
        assertThat(names("field 52: " + block)).contains("clear PIN block (622848…0018)");
        assertThat(names("imk=0123456789abcdeffedcba9876543210")).containsExactly("clear key 0123…");
    }

    @Test
    void leavesMaskedHashedAndEncryptedFormsAlone() {
        assertThat(names("card 622848*********0018, 622848_________0018, hash 9f2c41d0a7e3"))
                .isEmpty();
        assertThat(names("6228480402564890017")).as("another number").isEmpty();
    }

    @Test
    void scansLogsUnderTargetButNotKeyMaterialOrSources(@TempDir Path root) throws Exception {
        Path log = root.resolve("tms/target/e2e/tms.log");
        Files.createDirectories(log.getParent());
        Files.writeString(log, "line one\nsale of 6228480402564890018\n");
        Path component = root.resolve("tms/target/test-keys/db-component-1.txt");
        Files.createDirectories(component.getParent());
        Files.writeString(component, "component=0123456789ABCDEFFEDCBA9876543210\n");
        Path source = root.resolve("tms/src/main/java/Demo.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "String pan = \"6228480402564890018\";");
        Path answer = root.resolve("infra/target/http-responses/1-7-api.http");
        Files.createDirectories(answer.getParent());
        Files.writeString(answer, "GET https://localhost/api/v1/x -> 200\n\n{\"pan\":\"6228480402564890018\"}");
        var findings = scan.scanFiles(root, Set.of());
        assertThat(findings)
                .extracting(CardDataScan.Finding::where)
                .containsExactlyInAnyOrder("tms/target/e2e/tms.log:2", "infra/target/http-responses/1-7-api.http:3");
    }

    private List<String> names(String text) {
        return scan.search(text, text.getBytes(StandardCharsets.ISO_8859_1)).stream()
                .map(CardDataScan.Needle::what)
                .toList();
    }
}
