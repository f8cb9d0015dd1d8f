package com.shanfu.portal.merchant;

import com.shanfu.portal.application.ApplicationQueries;
import com.shanfu.portal.security.CurrentUser;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which shop the signed-in person works for. The owner is the applicant whose application made the MID; a cashier
 * is linked to the shop by the owner. Every merchant service starts here, so a MID is never taken from the request.
 */
@Service
public class Shops {

    private final ApplicationQueries applications;
    private final ShopUserRepository users;

    Shops(ApplicationQueries applications, ShopUserRepository users) {
        this.applications = applications;
        this.users = users;
    }

    /** The shop of the signed-in person; AccessDenied when they work for none. */
    @Transactional
    public Shop current() {
        CurrentUser user = CurrentUser.require();
        if (user.has("merchant")) {
            var owned = applications.merchantApplication(user);
            if (owned.isPresent()) {
                return new Shop(
                        owned.get().getMerchantMid(),
                        owned.get().getLegalName(),
                        owned.get().getId(),
                        Shop.Role.OWNER,
                        user.username());
            }
        }
        if (user.has("cashier")) {
            var link = users.findBySubject(user.subject());
            if (link.isPresent()) {
                var contact = applications.merchantContact(link.get().mid()).orElseThrow();
                return new Shop(
                        link.get().mid(),
                        contact.legalName(),
                        contact.applicationId(),
                        link.get().role(),
                        user.username());
            }
        }
        throw new AccessDeniedException("the signed-in user works for no shop");
    }

    /** The shop, which must be the owner's: cashiers see but do not refund or change settings. */
    public Shop owned() {
        Shop shop = current();
        if (!shop.owner()) {
            throw new AccessDeniedException("only the shop's owner may do this");
        }
        return shop;
    }
}
