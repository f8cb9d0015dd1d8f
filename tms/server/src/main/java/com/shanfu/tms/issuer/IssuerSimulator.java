package com.shanfu.tms.issuer;

import com.shanfu.protocol.emv.Tlv;
import com.shanfu.protocol.iso.ResponseCode;
import com.shanfu.tms.keys.LmkKey;
import com.shanfu.tms.keys.SecurityModule;
import com.shanfu.tms.keys.ZoneKeys;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The built-in issuer: card accounts with balances and status, ARQC verified with the card key derived from the
 * scheme's issuer master key, ARPC returned. Runs inside the host's transaction, so a debit and the journal entry
 * commit together or not at all.
 *
 * <p>What the card signed is what is charged: the amount (9F02) and currency (5F2A) inside the cryptogram must be
 * field 4 and field 49, and each application transaction counter (9F36) is accepted once per card and only near the
 * highest one seen, so a captured field 55 sent again is refused. Every movement of a balance is written as a
 * posting under the journal line's reference (docs/settlement.md, "Books check").
 */
@Component
class IssuerSimulator implements Issuer {

    /** Why a sale was declined, as kept in the journal (txn.decline_reason). */
    static final String AMOUNT_NOT_SIGNED = "AMOUNT_NOT_SIGNED";

    static final String CURRENCY_NOT_SIGNED = "CURRENCY_NOT_SIGNED";
    static final String ATC_REPLAYED = "ATC_REPLAYED";
    static final String ATC_OUT_OF_WINDOW = "ATC_OUT_OF_WINDOW";

    private final IssuerAccountRepository accounts;
    private final SecurityModule securityModule;
    private final IssuerProperties properties;
    private final ZoneKeys zoneKeys;
    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    IssuerSimulator(
            IssuerAccountRepository accounts,
            SecurityModule securityModule,
            ZoneKeys zoneKeys,
            IssuerProperties properties,
            JdbcTemplate jdbc,
            Clock clock) {
        this.accounts = accounts;
        this.securityModule = securityModule;
        this.properties = properties;
        this.zoneKeys = zoneKeys;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public Authorization authorize(
            Card card, long amountFen, String currency, byte[] iccData, Pin pin, String reference) {
        slowDown();
        LmkKey imk = zoneKeys.issuerMasterKey(card.scheme()).orElse(null);
        // the account row is the card's lock: its counters, balance and PIN tries are read and changed under it
        var account = accounts.lockByPanHash(securityModule.lookupHash(card.pan()));
        if (imk == null || account.isEmpty()) {
            return Authorization.declined(ResponseCode.INVALID_CARD, "UNKNOWN_CARD");
        }
        Tlv icc;
        try {
            icc = Tlv.parse(iccData);
        } catch (RuntimeException e) {
            return Authorization.declined(ResponseCode.DO_NOT_HONOUR, "ICC_DATA_UNREADABLE");
        }
        String signed = signedMismatch(icc, amountFen, currency);
        if (signed != null) { // checked before the cryptogram: nothing about this card is touched
            return Authorization.declined(ResponseCode.INVALID_AMOUNT, signed);
        }
        SecurityModule.EmvResult emv;
        try {
            emv = securityModule.verifyArqc(imk, card.pan(), card.panSequence(), iccData, ResponseCode.APPROVED);
        } catch (IllegalArgumentException e) {
            return Authorization.declined(ResponseCode.DO_NOT_HONOUR, "ICC_DATA_INCOMPLETE");
        }
        IssuerAccount a = account.get();
        if (!emv.arqcValid()) {
            return new Authorization(ResponseCode.DO_NOT_HONOUR, null, null, a.cardType(), "ARQC_INVALID");
        }
        int atc = Integer.parseInt(icc.hex("9F36"), 16);
        String counter = useCounter(a, atc, reference);
        if (counter != null) { // a genuine cryptogram presented again: refused without an ARPC
            return new Authorization(ResponseCode.SECURITY_VIOLATION, null, null, a.cardType(), counter);
        }
        String code;
        String reason;
        Boolean pinRight = null;
        if (!a.active()) {
            code = ResponseCode.DO_NOT_HONOUR;
            reason = "CARD_NOT_ACTIVE";
        } else if (expired(a.expiryYymm()) || (card.expiryYymm() != null && expired(card.expiryYymm()))) {
            code = ResponseCode.EXPIRED_CARD;
            reason = "CARD_EXPIRED";
        } else if (pin != null && a.pinBlocked()) {
            code = ResponseCode.PIN_TRIES_EXCEEDED;
            reason = "PIN_BLOCKED";
        } else if (pin != null
                && !(pinRight = securityModule.verifyPin(
                        pin.encryptedBlock(), pin.zonePinKey(), card.pan(), a.pinVerificationValue()))) {
            code = a.wrongPin() ? ResponseCode.PIN_TRIES_EXCEEDED : ResponseCode.WRONG_PIN;
            reason = "WRONG_PIN";
        } else if (!a.withinDailyLimit(amountFen, today())) {
            code = ResponseCode.LIMIT_EXCEEDED;
            reason = "DAILY_LIMIT";
        } else if (amountFen > a.balanceFen()) {
            code = ResponseCode.INSUFFICIENT_FUNDS;
            reason = "INSUFFICIENT_FUNDS";
        } else {
            if (pin != null) {
                a.rightPin();
            }
            a.spend(amountFen, today());
            post(a, -amountFen, "SALE", reference);
            return new Authorization(
                    ResponseCode.APPROVED,
                    String.format("%06d", random.nextInt(1_000_000)),
                    emv.arpc(),
                    a.cardType(),
                    null);
        }
        if (Boolean.TRUE.equals(pinRight)) {
            a.rightPin(); // declined for another reason, but the PIN was right
        }
        byte[] arpc = securityModule
                .verifyArqc(imk, card.pan(), card.panSequence(), iccData, code)
                .arpc();
        return new Authorization(code, null, arpc, a.cardType(), reason);
    }

    /** Field 4 and 49 against what the card put in its cryptogram; null when they agree. */
    static String signedMismatch(Tlv icc, long amountFen, String currency) {
        String amount = icc.has("9F02") ? icc.hex("9F02") : null;
        if (amount == null || !amount.matches("\\d{12}") || Long.parseLong(amount) != amountFen) {
            return AMOUNT_NOT_SIGNED;
        }
        String cur = icc.has("5F2A") ? icc.hex("5F2A") : null;
        if (cur == null || currency == null || !cur.matches("\\d{4}") || Integer.parseInt(cur) != parse(currency)) {
            return CURRENCY_NOT_SIGNED;
        }
        return null;
    }

    private static int parse(String currency) {
        return currency.matches("\\d{1,4}") ? Integer.parseInt(currency) : -1;
    }

    /**
     * Records the card's counter as used; a reason when it was used before or is too far from the highest seen. The
     * first counter a card shows sets where its window starts.
     */
    private String useCounter(IssuerAccount a, int atc, String reference) {
        Integer last = a.lastAtc();
        if (last != null && Math.abs(atc - last) > properties.atcWindow()) {
            return ATC_OUT_OF_WINDOW;
        }
        // the key (card, counter) is the record: nothing inserted means the counter was used before
        int recorded = jdbc.update(
                "insert ignore into issuer_atc (pan_hash, atc, reference, created_at) values (?,?,?,?)",
                a.panHash(),
                atc,
                reference,
                java.sql.Timestamp.from(clock.instant()));
        if (recorded == 0) {
            return ATC_REPLAYED;
        }
        a.sawAtc(atc);
        return null;
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public void reverse(String panHash, long amountFen, String reference) {
        accounts.lockByPanHash(panHash).ifPresent(a -> {
            a.credit(amountFen, today());
            post(a, amountFen, "GIVE_BACK", reference);
        });
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public void repost(String panHash, long amountFen, String reference) {
        accounts.lockByPanHash(panHash).ifPresent(a -> {
            a.repost(amountFen);
            post(a, -amountFen, "REPOST", reference);
        });
    }

    private void post(IssuerAccount a, long amountFen, String kind, String reference) {
        jdbc.update(
                "insert into issuer_posting (pan_hash, amount_fen, kind, reference, created_at) values (?,?,?,?,?)",
                a.panHash(),
                amountFen,
                kind,
                reference,
                java.sql.Timestamp.from(clock.instant()));
    }

    /** The fault tests' slow issuer: answers after the configured delay (zero in normal runs). */
    private void slowDown() {
        if (!properties.delay().isZero()) {
            try {
                Thread.sleep(properties.delay());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private java.time.LocalDate today() {
        return java.time.LocalDate.now(clock);
    }

    private boolean expired(String yymm) {
        YearMonth expiry = YearMonth.parse(yymm, DateTimeFormatter.ofPattern("yyMM"));
        return expiry.isBefore(YearMonth.now(clock));
    }
}
