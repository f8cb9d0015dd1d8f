package com.shanfu.terminal.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerminalStateTests {

    @TempDir
    Path home;

    @Test
    void the_state_is_encrypted_at_rest_and_reads_back() throws Exception {
        TerminalState s = new TerminalState();
        s.activatedAs(
                "SF-Q1-000001",
                "https://tms",
                "10000001",
                "898310048160001",
                "shop",
                "host",
                8583,
                "credential",
                "device-key",
                "0123456789ABCDEFFEDCBA9876543210",
                "08D7B4",
                "ca");
        s.save(home);
        byte[] onDisk = Files.readAllBytes(home.resolve("terminal.state"));
        String text = new String(onDisk, StandardCharsets.ISO_8859_1);
        assertThat(text)
                .doesNotContain("0123456789ABCDEF")
                .doesNotContain("10000001")
                .doesNotContain("tmk");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("state.key"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("terminal.state"))))
                .isEqualTo("rw-------");
        assertThat(TerminalState.load(home).tmk()).isEqualTo(s.tmk());
    }

    @Test
    void a_changed_file_or_another_key_is_refused_with_a_clear_error() throws Exception {
        TerminalState s = new TerminalState();
        s.activatedAs(
                "SF-Q1-000001",
                "https://tms",
                "10000001",
                "898310048160001",
                "shop",
                "host",
                8583,
                "credential",
                "device-key",
                "0123456789ABCDEFFEDCBA9876543210",
                "08D7B4",
                "ca");
        s.save(home);
        byte[] onDisk = Files.readAllBytes(home.resolve("terminal.state"));
        onDisk[onDisk.length - 1] ^= 1;
        Files.write(home.resolve("terminal.state"), onDisk);
        assertThatThrownBy(() -> TerminalState.load(home)).hasMessageContaining("cannot be decrypted");
    }

    @Test
    void a_plain_state_from_an_older_version_is_read_once_and_then_kept_encrypted() throws Exception {
        Files.writeString(home.resolve("terminal.json"), "{\"tid\":\"10000002\",\"stan\":7}");
        assertThat(TerminalState.load(home).stan()).isEqualTo(7);
        assertThat(home.resolve("terminal.json")).doesNotExist();
        assertThat(TerminalState.load(home).tid()).isEqualTo("10000002");
    }
}
