package com.shanfu.tms.contract;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The correlation id of a call from the portal to the TMS: the {@code X-Request-Id} header, the same id on both
 * sides' log lines. The TMS keeps a caller's id only when it is a plain token; anything else gets a new one.
 */
public final class RequestIds {

    public static final String HEADER = "X-Request-Id";
    /** Its key in the logging MDC (a field of its own in structured logs). */
    public static final String MDC_KEY = "correlationId";

    private static final Pattern PLAIN = Pattern.compile("[0-9A-Za-z-]{8,64}");

    private RequestIds() {}

    /** The caller's id when it is 8-64 letters, digits or dashes (nothing else reaches a log); else a new one. */
    public static String usable(String given) {
        return given != null && PLAIN.matcher(given).matches() ? given : fresh();
    }

    /** A new id: 16 hex digits. */
    public static String fresh() {
        byte[] b = new byte[8];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
