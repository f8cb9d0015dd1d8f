package com.shanfu.tms.issuer;

import com.shanfu.tms.keys.SecurityModule;
import com.shanfu.tms.web.TmsException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Cards opened at the issuer simulator for a load run or a test, each with its own account, so that no run spends the
 * demo cards (a load run that emptied one left the demo unable to sell). Only where the demo issuer runs.
 */
@Service
@ConditionalOnProperty(name = "shanfu.demo", havingValue = "true")
public class TestCards {

    /** The PIN every opened card has, as the demo cards do (the load driver enters it when the card asks). */
    public static final String PIN = "123456";

    private final IssuerAccountRepository accounts;
    private final SecurityModule securityModule;

    TestCards(IssuerAccountRepository accounts, SecurityModule securityModule) {
        this.accounts = accounts;
        this.securityModule = securityModule;
    }

    /**
     * Opens a card account: a PAN with a valid check digit of a scheme whose issuer master key the simulator holds
     * (UnionPay, Visa, Mastercard), never one that exists already (the demo cards among them).
     */
    @Transactional
    public void open(String pan, String expiryYymm, String cardType, long balanceFen) {
        if (pan == null || !pan.matches("\\d{16,19}") || !luhn(pan)) {
            throw new TmsException(
                    HttpStatus.BAD_REQUEST, "invalid-pan", "a card number is 16-19 digits with a valid check digit");
        }
        if (!java.util.Set.of("unionpay", "visa", "mastercard").contains(CardScheme.of(pan))) {
            throw new TmsException(
                    HttpStatus.BAD_REQUEST,
                    "unknown-scheme",
                    "the simulator issues UnionPay, Visa and Mastercard cards only");
        }
        if (expiryYymm == null || !expiryYymm.matches("\\d{2}(0[1-9]|1[0-2])")) {
            throw new TmsException(HttpStatus.BAD_REQUEST, "invalid-expiry", "the expiry is YYMM");
        }
        if (balanceFen < 0 || balanceFen > 100_000_000_000L) {
            throw new TmsException(
                    HttpStatus.BAD_REQUEST, "invalid-balance", "the balance is 0 to 1,000,000,000.00 CNY in fen");
        }
        String hash = securityModule.lookupHash(pan);
        if (accounts.existsById(hash)) {
            throw new TmsException(
                    HttpStatus.CONFLICT, "card-exists", "this card is open already (demo cards are not lent out)");
        }
        Issuer.Card card = new Issuer.Card(pan, null, expiryYymm);
        IssuerAccount account = new IssuerAccount(hash, card.masked(), card.scheme(), expiryYymm, balanceFen, "ACTIVE")
                .withType(cardType == null ? "DEBIT" : cardType, null);
        account.setPinVerificationValue(securityModule.pinVerificationValue(pan, PIN));
        accounts.save(account);
    }

    static boolean luhn(String digits) {
        return com.shanfu.protocol.emv.Luhn.valid(digits);
    }
}
