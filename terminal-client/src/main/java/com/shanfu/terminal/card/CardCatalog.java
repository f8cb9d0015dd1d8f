package com.shanfu.terminal.card;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The demo software cards shipped with the terminal (cards.json). */
public final class CardCatalog {

    private final List<CardProfile> cards;

    private CardCatalog(List<CardProfile> cards) {
        this.cards = List.copyOf(cards);
    }

    public static CardCatalog bundled() {
        ObjectMapper json = new ObjectMapper();
        try (InputStream in = CardCatalog.class.getResourceAsStream("/com/shanfu/terminal/cards.json")) {
            JsonNode root = json.readTree(in);
            List<CardProfile> list = new ArrayList<>();
            for (JsonNode n : root.get("cards")) {
                list.add(json.treeToValue(n, CardProfile.class));
            }
            return new CardCatalog(list);
        } catch (IOException e) {
            throw new UncheckedIOException("cards.json unreadable", e);
        }
    }

    public List<CardProfile> all() {
        return cards;
    }

    public Optional<CardProfile> byName(String name) {
        return cards.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst();
    }
}
