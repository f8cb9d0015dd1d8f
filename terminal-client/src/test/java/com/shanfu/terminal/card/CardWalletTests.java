package com.shanfu.terminal.card;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A card's transaction counter, shared by every terminal on the machine, never gives the same value twice. */
class CardWalletTests {

    @TempDir
    Path dir;

    @Test
    void the_counter_rises_by_one_from_one_and_survives_a_new_wallet_on_the_same_folder() throws Exception {
        var counter = new CardWallet(dir).counter("unionpay-debit");
        assertThat(List.of(counter.getAsInt(), counter.getAsInt(), counter.getAsInt()))
                .containsExactly(1, 2, 3);
        assertThat(new CardWallet(dir).counter("unionpay-debit").getAsInt()).isEqualTo(4);
        assertThat(new CardWallet(dir).counter("visa").getAsInt())
                .as("each card its own counter")
                .isEqualTo(1);
        assertThat(Files.readString(dir.resolve("unionpay-debit.atc")).strip()).isEqualTo("4");
    }

    @Test
    void terminals_tapping_one_card_at_once_never_get_the_same_counter() throws Exception {
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        try (var pool = Executors.newFixedThreadPool(8)) {
            IntStream.range(0, 8)
                    .forEach(t -> pool.submit(() -> {
                        var counter = new CardWallet(dir).counter("shared");
                        for (int i = 0; i < 100; i++) {
                            seen.add(counter.getAsInt());
                        }
                    }));
        }
        assertThat(seen).hasSize(800).contains(1, 800);
    }

    @Test
    void a_card_name_that_is_not_a_plain_name_is_refused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new CardWallet(dir).counter("../etc/passwd"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
