package com.shanfu.portal.tms;

/** The TMS could not be reached or failed (5xx, time-out): nothing is known to have changed; try again later. */
public final class TmsUnavailable extends TmsFailure {

    TmsUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
