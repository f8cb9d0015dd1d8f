package com.shanfu.tms.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.shanfu.protocol.crypto.Tdes;
import com.shanfu.tms.TestStack;
import com.shanfu.tms.keys.KeysCli;
import com.shanfu.tms.keys.Lmk;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The key hierarchy on a real database: the LMK is formed from custodians' components (never written whole), the
 * issuer and zone keys are kept under it and nowhere in the configuration, and re-encrypting everything under a new
 * LMK ({@code infra/shanfu keys rewrap}) leaves every key, card number and lookup hash usable under the new one only.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "shanfu.demo=true")
class KeyHierarchyIT extends HostTestBase {

    static final int ISO_PORT = TestStack.freePort();

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) throws Exception {
        TestStack.registerHost(registry, "tms_lmk", ISO_PORT);
    }

    @Value("${shanfu.keys.lmk-components}")
    String components;

    @org.springframework.beans.factory.annotation.Autowired
    Environment environment;

    @Test
    void issuerKeysLiveOnlyUnderTheLmkAndARewrapMovesEverythingToTheNewOne() throws Exception {
        assertThat(environment.getProperty("shanfu.issuer.master-keys.unionpay"))
                .as("no issuer key in configuration")
                .isNull();
        HostTerminal t = terminal("Key hierarchy");
        assertThat(t.rc(t.purchase(t.nextStan(), 1, 1200)))
                .as("a sale verified with the IMK under the LMK")
                .isEqualTo("00");

        Lmk old = Lmk.fromComponents(
                List.of(components.split(",")).stream().map(Path::of).toList());
        Path dir = Files.createTempDirectory(Path.of("target"), "ceremony");
        String newKcv = KeysCli.ceremony(3, dir);
        List<Path> newComponents =
                List.of(dir.resolve("component-1.txt"), dir.resolve("component-2.txt"), dir.resolve("component-3.txt"));
        Lmk next = Lmk.fromComponents(newComponents);
        assertThat(next.checkValue()).isEqualTo(newKcv);

        Map<String, Object> before = keyRow(t);
        String url = jdbc.getDataSource().getConnection().getMetaData().getURL();
        int n = KeysCli.rewrap(url, "shanfu", "shanfu", old, next);
        assertThat(n).isGreaterThanOrEqualTo(6); // TMK, 3 working keys, ZPK, 3 IMKs, hash key, the sale's PAN

        Map<String, Object> after = keyRow(t);
        byte[] tmk = next.decrypt((byte[]) after.get("tmk_lmk"));
        assertThat(tmk).as("the same TMK, now under the new LMK").isEqualTo(t.tmk);
        assertThat(HexFormat.of().withUpperCase().formatHex(Tdes.kcv(tmk, 4))).isEqualTo(after.get("tmk_kcv"));
        assertThat(next.decrypt((byte[]) after.get("mac_key_lmk"))).isEqualTo(t.keys.macKey());
        assertThat((byte[]) after.get("tmk_lmk")).isNotEqualTo(before.get("tmk_lmk"));
        assertThatThrownBy(() -> old.decrypt((byte[]) after.get("tmk_lmk"))).hasMessageContaining("wrong LMK");

        byte[] imk = next.decrypt(
                jdbc.queryForObject("select key_lmk from zone_key where name = 'IMK-UNIONPAY'", byte[].class));
        assertThat(HexFormat.of().withUpperCase().formatHex(imk)).isEqualTo("0123456789ABCDEFFEDCBA9876543210");
        byte[] pan = next.decrypt(jdbc.queryForObject(
                "select pan_lmk from txn t join device d on d.id = t.device_id " + "where d.tid = ? limit 1",
                byte[].class,
                t.terminal.tid()));
        assertThat(new String(pan, StandardCharsets.US_ASCII)).isEqualTo(HostTerminal.PAN);
        // the lookup hashes stay valid: their key moved, it did not change
        byte[] hashKey = next.decrypt(
                jdbc.queryForObject("select key_lmk from zone_key where name = 'HASH-LOOKUP'", byte[].class));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(hashKey, "HmacSHA256"));
        String hash = HexFormat.of().formatHex(mac.doFinal(HostTerminal.PAN.getBytes(StandardCharsets.US_ASCII)));
        assertThat(jdbc.queryForObject("select count(*) from issuer_account where pan_hash = ?", Integer.class, hash))
                .isEqualTo(1);

        // a rewrap from an LMK the data is not under changes nothing
        Lmk stranger =
                Lmk.fromComponents(List.of(TestStack.lmkComponents("stranger").split(",")).stream()
                        .map(Path::of)
                        .toList());
        assertThatThrownBy(() -> KeysCli.rewrap(url, "shanfu", "shanfu", stranger, old))
                .hasMessageContaining("does not decrypt");
        assertThat(next.decrypt((byte[]) keyRow(t).get("tmk_lmk"))).isEqualTo(t.tmk);
        // back to the LMK the running TMS holds, so the rest of the suite's books check can read this database
        KeysCli.rewrap(url, "shanfu", "shanfu", next, old);
    }

    @Test
    void anIssuerKeyComesInFromItsComponentsAndLivesOnlyUnderTheLmk() throws Exception {
        Lmk lmk = Lmk.fromComponents(
                List.of(components.split(",")).stream().map(Path::of).toList());
        Path dir = Files.createTempDirectory(Path.of("target"), "issuer-key");
        // two components of a double-length TDES key; the key is their XOR, 0123…3210 as the demo UnionPay key
        Path c1 = Files.writeString(
                dir.resolve("imk-1.txt"),
                "component=FFFFFFFFFFFFFFFF0000000000000000\nkcv="
                        + HexFormat.of()
                                .withUpperCase()
                                .formatHex(Tdes.kcv(HexFormat.of().parseHex("FFFFFFFFFFFFFFFF0000000000000000"), 3))
                        + "\n");
        Path c2 = Files.writeString(dir.resolve("imk-2.txt"), "component=FEDCBA9876543210FEDCBA9876543210\n");
        byte[] clear = KeysCli.issuerKey(List.of(c1, c2));
        assertThat(HexFormat.of().withUpperCase().formatHex(clear)).isEqualTo("0123456789ABCDEFFEDCBA9876543210");
        String url = jdbc.getDataSource().getConnection().getMetaData().getURL();
        String kcv = KeysCli.importIssuer(url, "shanfu", "shanfu", lmk, "testscheme", clear);
        assertThat(kcv).isEqualTo(HexFormat.of().withUpperCase().formatHex(Tdes.kcv(clear, 4)));
        byte[] stored = jdbc.queryForObject("select key_lmk from zone_key where name = 'IMK-TESTSCHEME'", byte[].class);
        assertThat(HexFormat.of().formatHex(stored))
                .as("kept only under the LMK")
                .doesNotContain("0123456789abcdeffedcba9876543210");
        assertThat(lmk.decrypt(stored)).isEqualTo(clear);
        assertThatThrownBy(() -> KeysCli.importIssuer(url, "shanfu", "shanfu", lmk, "testscheme", clear))
                .hasMessageContaining("already imported");
        Files.writeString(c1, "component=FFFFFFFFFFFFFFFF0000000000000001\nkcv=000000\n");
        assertThatThrownBy(() -> KeysCli.issuerKey(List.of(c1, c2)))
                .hasMessageContaining("does not match its check value");
    }

    private Map<String, Object> keyRow(HostTerminal t) {
        return jdbc.queryForMap(
                "select k.* from terminal_key k join device d on d.id = k.device_id where d.tid = ?", t.terminal.tid());
    }
}
