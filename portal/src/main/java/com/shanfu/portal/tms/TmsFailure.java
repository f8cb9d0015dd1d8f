package com.shanfu.portal.tms;

/** Why a call to the TMS gave no answer: it refused ({@link TmsRefused}) or could not be asked ({@link TmsUnavailable}). */
public abstract sealed class TmsFailure extends RuntimeException permits TmsRefused, TmsUnavailable {

    TmsFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
