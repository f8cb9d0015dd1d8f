package com.shanfu.portal.merchant;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * What evidence files are accepted: PDF, JPEG or PNG, recognised by their first bytes (not by the name or the
 * browser's word), at most {@link #MAX_BYTES}, at most {@link #MAX_FILES} per dispute.
 */
public final class Evidence {

    public static final int MAX_BYTES = 5 * 1024 * 1024;
    public static final int MAX_FILES = 10;

    public enum Type {
        PDF("application/pdf", ".pdf"),
        JPEG("image/jpeg", ".jpg"),
        PNG("image/png", ".png");

        private final String mime;
        private final String extension;

        Type(String mime, String extension) {
            this.mime = mime;
            this.extension = extension;
        }

        public String mime() {
            return mime;
        }
    }

    public record Checked(String filename, Type type, byte[] content, String sha256) {}

    /** Why a file was refused, as a translation key with its arguments. */
    public static final class Refused extends RuntimeException {
        private final String key;

        Refused(String key) {
            super(key);
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    private Evidence() {}

    public static Checked check(String filename, byte[] content) {
        if (content == null || content.length == 0) {
            throw new Refused("dispute.evidence.empty");
        }
        if (content.length > MAX_BYTES) {
            throw new Refused("dispute.evidence.too-large");
        }
        Type type = sniff(content);
        if (type == null) {
            throw new Refused("dispute.evidence.type");
        }
        String name = filename == null
                ? ""
                : filename.replaceAll("[\\\\/\\p{Cntrl}]", "_").strip();
        if (name.isEmpty()) {
            name = "evidence";
        }
        if (name.length() > 150) {
            name = name.substring(0, 150);
        }
        if (!name.toLowerCase(Locale.ROOT).endsWith(type.extension)
                && !(type == Type.JPEG && name.toLowerCase(Locale.ROOT).endsWith(".jpeg"))) {
            name = name + type.extension;
        }
        return new Checked(name, type, content, sha256(content));
    }

    static Type sniff(byte[] b) {
        if (b.length >= 5 && b[0] == '%' && b[1] == 'P' && b[2] == 'D' && b[3] == 'F' && b[4] == '-') {
            return Type.PDF;
        }
        if (b.length >= 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8 && (b[2] & 0xff) == 0xFF) {
            return Type.JPEG;
        }
        if (b.length >= 8
                && (b[0] & 0xff) == 0x89
                && b[1] == 'P'
                && b[2] == 'N'
                && b[3] == 'G'
                && b[4] == 0x0D
                && b[5] == 0x0A
                && b[6] == 0x1A
                && b[7] == 0x0A) {
            return Type.PNG;
        }
        return null;
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
