package com.shanfu.portal.application;

import java.util.List;

/**
 * The business types a personal POS may be used for, as ISO 18245 merchant category codes; the names are in the
 * translations under {@code mcc.<code>}. Kept to the low-risk retail and service codes acquirers offer individuals.
 */
public final class BusinessTypes {

    public static final List<String> CODES = List.of(
            "5411", // grocery stores, supermarkets
            "5499", // miscellaneous food stores
            "5812", // eating places, restaurants
            "5814", // fast food
            "5331", // variety stores
            "5621", // women's ready-to-wear
            "5651", // family clothing
            "5942", // book stores
            "5992", // florists
            "5995", // pet shops
            "7230", // beauty and barber shops
            "7216", // dry cleaners
            "7299", // miscellaneous personal services
            "5999" // miscellaneous retail
            );

    private BusinessTypes() {}

    public static boolean known(String mcc) {
        return CODES.contains(mcc);
    }
}
