package com.shanfu.protocol.management;

/** RFC 9457 problem details, as the TMS answers every management error. */
public record ProblemDetail(String type, String title, int status, String detail, String code) {}
