package com.shanfu.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps what the tests received over HTTP — the TMS API's answers and each portal page the browser left — in the
 * folder named by {@code shanfu.http-record-dir} (the build sets it for the end-to-end tests), where the card data
 * scan after the suite looks for card numbers, tracks, PIN blocks and clear keys. Without the property: nothing kept.
 */
public final class HttpRecorder {

    private static final String DIR = System.getProperty("shanfu.http-record-dir", "");
    private static final AtomicLong SEQ = new AtomicLong();

    private HttpRecorder() {}

    public static <T> HttpResponse<T> recorded(HttpResponse<T> r) {
        StringBuilder out = new StringBuilder(r.request().method())
                .append(' ')
                .append(r.uri())
                .append(" -> ")
                .append(r.statusCode())
                .append('\n');
        r.headers()
                .map()
                .forEach((k, v) ->
                        v.forEach(x -> out.append(k).append(": ").append(x).append('\n')));
        Object body = r.body();
        out.append('\n')
                .append(body instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(body));
        write("api", out.toString());
        return r;
    }

    /** The page as the browser shows it now (its DOM after the scripts ran). */
    public static void page(String url, String source) {
        write("page", "GET " + url + "\n\n" + source);
    }

    private static void write(String kind, String text) {
        if (DIR.isEmpty()) {
            return;
        }
        try {
            Path dir = Files.createDirectories(Path.of(DIR));
            Files.writeString(
                    dir.resolve(ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet() + "-" + kind + ".http"),
                    text,
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
