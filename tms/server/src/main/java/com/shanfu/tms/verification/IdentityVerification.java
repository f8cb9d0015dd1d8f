package com.shanfu.tms.verification;

import com.shanfu.tms.keys.SecurityModule;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The simulated bank's answer to "do these elements belong together": the card is looked up by its hash, then name,
 * ID number and phone (each optional in the request, as in the three-element check) are compared hash to hash.
 */
@Service
public class IdentityVerification {

    public enum Result {
        CONSISTENT,
        INCONSISTENT,
        NO_RECORD
    }

    public record Elements(String name, String idNumber, String cardNumber, String mobile) {}

    public record Answer(Result result, List<String> mismatched, String cardType) {}

    private final CardholderRepository cardholders;
    private final SecurityModule securityModule;
    private final Clock clock;

    IdentityVerification(CardholderRepository cardholders, SecurityModule securityModule, Clock clock) {
        this.cardholders = cardholders;
        this.securityModule = securityModule;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Answer verify(Elements e) {
        Cardholder c = cardholders
                .findById(hash("pan", e.cardNumber()))
                .filter(Cardholder::active)
                .orElse(null);
        if (c == null) {
            return new Answer(Result.NO_RECORD, List.of(), null);
        }
        List<String> mismatched = new ArrayList<>();
        if (e.name() != null && !c.nameHash().equals(hash("name", e.name()))) {
            mismatched.add("name");
        }
        if (e.idNumber() != null && !c.idHash().equals(hash("id", e.idNumber()))) {
            mismatched.add("idNumber");
        }
        if (e.mobile() != null && !c.phoneHash().equals(hash("mobile", e.mobile()))) {
            mismatched.add("mobile");
        }
        return new Answer(mismatched.isEmpty() ? Result.CONSISTENT : Result.INCONSISTENT, mismatched, c.cardType());
    }

    /** Opens a card at the simulated bank (demo data and test fixtures); replaces the holder of a known card. */
    @Transactional
    public void openCard(Elements e, String cardType) {
        cardholders.save(new Cardholder(
                hash("pan", e.cardNumber()),
                hash("name", e.name()),
                hash("id", e.idNumber()),
                hash("mobile", e.mobile()),
                cardType,
                clock.instant()));
    }

    private String hash(String element, String value) {
        String normalised = value.strip().replace(" ", "").toUpperCase(Locale.ROOT);
        return securityModule.lookupHash(element + ":" + normalised);
    }
}
