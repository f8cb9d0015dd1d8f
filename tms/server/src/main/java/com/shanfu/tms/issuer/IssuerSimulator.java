package com.shanfu.tms.issuer;

import com.shanfu.protocol.iso.ResponseCode;
import com.shanfu.tms.keys.SecurityModule;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The built-in issuer: card accounts with balances and status, ARQC verified with the card key derived from the
 * scheme's issuer master key, ARPC returned. Runs inside the host's transaction, so a debit and the journal entry
 * commit together or not at all.
 */
@Component
class IssuerSimulator implements Issuer {

    private final IssuerAccountRepository accounts;
    private final SecurityModule securityModule;
    private final IssuerProperties properties;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    IssuerSimulator(IssuerAccountRepository accounts, SecurityModule securityModule, IssuerProperties properties, Clock clock) {
        this.accounts = accounts;
        this.securityModule = securityModule;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public Authorization authorize(Card card, long amountFen, byte[] iccData, Pin pin) {
        String imkHex = properties.masterKeys().get(card.scheme());
        var account = accounts.lockByPanHash(securityModule.lookupHash(card.pan()));
        if (imkHex == null || account.isEmpty()) {
            return new Authorization(ResponseCode.INVALID_CARD, null, null);
        }
        byte[] imk = HexFormat.of().parseHex(imkHex);
        SecurityModule.EmvResult emv;
        try {
            emv = securityModule.verifyArqc(imk, card.pan(), card.panSequence(), iccData, ResponseCode.APPROVED);
        } catch (IllegalArgumentException e) {
            return new Authorization(ResponseCode.DO_NOT_HONOUR, null, null);
        }
        IssuerAccount a = account.get();
        String code;
        Boolean pinRight = null;
        if (!emv.arqcValid()) {
            code = ResponseCode.DO_NOT_HONOUR;
        } else if (!a.active()) {
            code = ResponseCode.DO_NOT_HONOUR;
        } else if (expired(a.expiryYymm()) || (card.expiryYymm() != null && expired(card.expiryYymm()))) {
            code = ResponseCode.EXPIRED_CARD;
        } else if (pin != null && a.pinBlocked()) {
            code = ResponseCode.PIN_TRIES_EXCEEDED;
        } else if (pin != null && !(pinRight = securityModule.verifyPin(pin.encryptedBlock(), pin.zonePinKey(),
                card.pan(), a.pinVerificationValue()))) {
            code = a.wrongPin() ? ResponseCode.PIN_TRIES_EXCEEDED : ResponseCode.WRONG_PIN;
        } else if (!a.withinDailyLimit(amountFen, today())) {
            code = ResponseCode.LIMIT_EXCEEDED;
        } else if (amountFen > a.balanceFen()) {
            code = ResponseCode.INSUFFICIENT_FUNDS;
        } else {
            if (pin != null) {
                a.rightPin();
            }
            a.spend(amountFen, today());
            return new Authorization(ResponseCode.APPROVED, String.format("%06d", random.nextInt(1_000_000)), emv.arpc(),
                    a.cardType());
        }
        if (Boolean.TRUE.equals(pinRight)) {
            a.rightPin(); // declined for another reason, but the PIN was right
        }
        byte[] arpc = emv.arqcValid()
                ? securityModule.verifyArqc(imk, card.pan(), card.panSequence(), iccData, code).arpc() : null;
        return new Authorization(code, null, arpc, a.cardType());
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public void reverse(String panHash, long amountFen) {
        accounts.lockByPanHash(panHash).ifPresent(a -> a.credit(amountFen, today()));
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public void repost(String panHash, long amountFen) {
        accounts.lockByPanHash(panHash).ifPresent(a -> a.repost(amountFen));
    }

    private java.time.LocalDate today() {
        return java.time.LocalDate.now(clock);
    }

    private boolean expired(String yymm) {
        YearMonth expiry = YearMonth.parse(yymm, DateTimeFormatter.ofPattern("yyMM"));
        return expiry.isBefore(YearMonth.now(clock));
    }
}
