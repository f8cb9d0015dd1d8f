package com.shanfu.portal.application;

import java.util.Map;

/**
 * A refusal the user should read: a message key with arguments, and per-field message keys for form errors.
 * Nothing was saved when it is thrown.
 */
public class ApplicationException extends RuntimeException {

    private final String key;
    private final transient Object[] args;
    private final Map<String, String> fieldErrors;

    public ApplicationException(String key, Object... args) {
        super(key);
        this.key = key;
        this.args = args;
        this.fieldErrors = Map.of();
    }

    public ApplicationException(Map<String, String> fieldErrors) {
        super("validation.form");
        this.key = "validation.form";
        this.args = new Object[0];
        this.fieldErrors = Map.copyOf(fieldErrors);
    }

    public String key() {
        return key;
    }

    public Object[] args() {
        return args;
    }

    /** Field name → message key. */
    public Map<String, String> fieldErrors() {
        return fieldErrors;
    }

    /** Free text a decision needs (a reason, a question, an answer): present and not longer than {@code max}. */
    static String requireText(String text, int max, String messageKey) {
        if (text == null || text.isBlank() || text.strip().length() > max) {
            throw new ApplicationException(messageKey);
        }
        return text.strip();
    }
}
