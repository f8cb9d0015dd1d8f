package com.shanfu.tms.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The LMK from components: split knowledge is enforced, and a wrong component stops the start. */
class LmkTests {

    @TempDir
    Path dir;

    @Test
    void theLmkIsTheXorOfItsComponents() throws Exception {
        byte[] a = HexFormat.of().parseHex("00".repeat(31) + "0F");
        byte[] b = HexFormat.of().parseHex("00".repeat(31) + "F0");
        Lmk.writeComponent(dir.resolve("a"), a, 1, 2);
        Lmk.writeComponent(dir.resolve("b"), b, 2, 2);
        Lmk lmk = Lmk.fromComponents(List.of(dir.resolve("a"), dir.resolve("b")));
        assertThat(lmk.checkValue()).isEqualTo(Lmk.checkValue(HexFormat.of().parseHex("00".repeat(31) + "FF")));
        // the check value is AES-256(key, 16 x 00): for the all-zero key, the known answer DC95C078 A2408989 ...
        assertThat(Lmk.checkValue(new byte[32])).isEqualTo("DC95C0");
        byte[] enc = lmk.encrypt("6228480402564890018".getBytes());
        assertThat(new String(lmk.decrypt(enc))).isEqualTo("6228480402564890018");
    }

    @Test
    void oneComponentAloneTwiceOrMistypedIsRefused() throws Exception {
        Lmk.writeComponent(dir.resolve("a"), Lmk.randomComponent(), 1, 2);
        assertThatThrownBy(() -> Lmk.fromComponents(List.of(dir.resolve("a"))))
                .hasMessageContaining("at least two components");
        Files.copy(dir.resolve("a"), dir.resolve("a2"));
        assertThatThrownBy(() -> Lmk.fromComponents(List.of(dir.resolve("a"), dir.resolve("a2"))))
                .hasMessageContaining("are the same");
        String text = Files.readString(dir.resolve("a"));
        int at = text.indexOf("component=") + 10;
        String hex = text.substring(at, at + 64);
        char flipped = hex.charAt(5) == '0' ? '1' : '0';
        Files.writeString(dir.resolve("typo"), text.replace(hex, hex.substring(0, 5) + flipped + hex.substring(6)));
        Lmk.writeComponent(dir.resolve("b"), Lmk.randomComponent(), 2, 2);
        assertThatThrownBy(() -> Lmk.fromComponents(List.of(dir.resolve("typo"), dir.resolve("b"))))
                .hasMessageContaining("does not match its check value");
    }

    @Test
    void theModuleRefusesToStartWithoutComponentsOrWithAnotherLmkThanTheCeremonys() throws Exception {
        assertThatThrownBy(() -> new SoftwareSecurityModule("", "", null, null)).hasMessageContaining("no LMK");
        Lmk.writeComponent(dir.resolve("a"), Lmk.randomComponent(), 1, 2);
        Lmk.writeComponent(dir.resolve("b"), Lmk.randomComponent(), 2, 2);
        String files = dir.resolve("a") + "," + dir.resolve("b");
        assertThatThrownBy(() -> new SoftwareSecurityModule(files, "ABCDEF", null, null))
                .hasMessageContaining("not the configured ABCDEF");
        String kcv =
                Lmk.fromComponents(List.of(dir.resolve("a"), dir.resolve("b"))).checkValue();
        assertThat(new SoftwareSecurityModule(files, kcv, null, null)).isNotNull();
    }
}
