package com.shanfu.terminal.card;

/**
 * A software card's personalisation, as listed in cards.json: its application, PAN and the issuer master key its
 * card key is derived from (the issuer simulator holds the same IMK).
 */
public record CardProfile(
        String name,
        String label,
        String scheme,
        String aid,
        String pan,
        String panSequence,
        String expiryYymm,
        String cardholder,
        String issuerMasterKey,
        boolean cdcvm,
        boolean corruptCryptogram) {}
