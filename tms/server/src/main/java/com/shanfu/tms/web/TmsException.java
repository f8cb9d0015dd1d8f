package com.shanfu.tms.web;

import org.springframework.http.HttpStatus;

/** A business refusal with a stable machine code; rendered as RFC 9457 problem details. */
public class TmsException extends RuntimeException {

    private final HttpStatus status;
    private final String code;

    public TmsException(HttpStatus status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }
}
