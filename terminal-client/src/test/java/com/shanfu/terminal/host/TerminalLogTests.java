package com.shanfu.terminal.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerminalLogTests {

    @TempDir
    Path home;

    @Test
    void a_line_is_redacted_before_it_is_written_and_stays_one_line() throws Exception {
        TerminalLog l = new TerminalLog(home, Clock.fixed(Instant.parse("2026-12-02T08:00:00Z"), ZoneOffset.UTC));
        l.warn("pan 6228480402564890018\nkey 0123456789ABCDEFFEDCBA9876543210");
        String written = Files.readString(home.resolve(TerminalLog.FILE));
        assertThat(written).isEqualTo("2026-12-02T08:00:00Z WARN pan 622848*********0018 key [hex:32]\n");
    }

    @Test
    void the_log_rolls_over_so_it_never_holds_more_than_twice_its_bound_and_the_tail_starts_at_a_whole_line()
            throws Exception {
        TerminalLog l = new TerminalLog(home, Clock.systemUTC());
        String filler = "x".repeat(200);
        for (int i = 0; i < 3_000; i++) { // about 2.4 times the bound
            l.info("event " + i + " " + filler);
        }
        long total = Files.size(home.resolve(TerminalLog.FILE)) + Files.size(home.resolve(TerminalLog.PREVIOUS));
        assertThat(total).isLessThanOrEqualTo(2 * TerminalLog.ROLL_BYTES);
        String tail = l.tail(1024);
        assertThat(tail.length()).isLessThanOrEqualTo(1024);
        assertThat(tail).matches("(?s)\\d{4}-\\d\\d-\\d\\dT.*").endsWith("event 2999 " + filler + "\n");
        assertThat(l.tail(1_000_000)).contains("event 2999").doesNotContain("event 0 ");
    }
}
