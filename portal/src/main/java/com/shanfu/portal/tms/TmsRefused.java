package com.shanfu.portal.tms;

/** The TMS refused (4xx): its problem code (e.g. {@code not-refundable}) and its detail, for the user. */
public final class TmsRefused extends TmsFailure {

    private final String code;

    /** A refusal the portal makes itself before asking, worded for the user. */
    public TmsRefused(String detail) {
        this("refused", detail, null);
    }

    TmsRefused(String code, String detail, Throwable cause) {
        super(detail, cause);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
