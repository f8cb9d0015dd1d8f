package com.shanfu.protocol.iso;

/**
 * Field 48 of the settlement (0500): debit total n12, debit count n3, credit total n12, credit count n3,
 * reconciliation code n1 — the domestic block, then the foreign block (always zeros here: CNY only).
 * Debits are purchases (minus voids); credits are refunds. Amounts in fen.
 */
public record SettlementTotals(long debitTotal, int debitCount, long creditTotal, int creditCount) {

    public static final String BALANCED = "1";
    public static final String NOT_BALANCED = "2";
    private static final String EMPTY_BLOCK = "0".repeat(31);

    public SettlementTotals {
        if (debitTotal < 0
                || creditTotal < 0
                || debitCount < 0
                || creditCount < 0
                || debitTotal > 999_999_999_999L
                || creditTotal > 999_999_999_999L
                || debitCount > 999
                || creditCount > 999) {
            throw new IllegalArgumentException("settlement totals out of range");
        }
    }

    public String format(String reconciliationCode) {
        return String.format(
                        "%012d%03d%012d%03d%s", debitTotal, debitCount, creditTotal, creditCount, reconciliationCode)
                + EMPTY_BLOCK;
    }

    public static SettlementTotals parse(String field48) {
        if (field48 == null || field48.length() < 31 || !field48.matches("\\d+")) {
            throw new IllegalArgumentException("field 48 must hold at least 31 digits");
        }
        return new SettlementTotals(
                Long.parseLong(field48.substring(0, 12)),
                Integer.parseInt(field48.substring(12, 15)),
                Long.parseLong(field48.substring(15, 27)),
                Integer.parseInt(field48.substring(27, 30)));
    }

    public static String reconciliationCode(String field48) {
        return field48.substring(30, 31);
    }
}
