package com.shanfu.terminal.host;

/** Field 39 answers in words for the cashier. */
public final class ResponseText {

    private ResponseText() {}

    public static String of(String rc) {
        if (rc == null) {
            return "no answer";
        }
        return switch (rc) {
            case "00" -> "approved";
            case "05" -> "declined by the card issuer (do not honour)";
            case "12" -> "transaction not allowed";
            case "13" -> "invalid amount";
            case "14" -> "invalid card";
            case "30" -> "message format error";
            case "51" -> "insufficient funds";
            case "54" -> "card expired";
            case "55" -> "wrong PIN";
            case "25" -> "original transaction not found";
            case "61" -> "amount over the card's limit";
            case "75" -> "PIN tries exceeded: the card's PIN is blocked";
            case "94" -> "duplicate transaction";
            case "96" -> "host system error";
            case "97" -> "terminal not allowed: check activation";
            case "A0" -> "MAC error: sign on again";
            case "Z1" -> "sign on first";
            case "XX" -> "no answer (unknown outcome)";
            default -> "declined";
        };
    }
}
