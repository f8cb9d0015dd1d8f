package com.shanfu.tms.contract;

/** A group of devices: all of them, or those of a model, a region (merchant city), a merchant or one terminal. */
public enum Scope {
    ALL,
    MODEL,
    REGION,
    MERCHANT,
    TERMINAL;

    /** The scope of this name, or empty (an unknown name is refused by the caller with its own answer). */
    public static java.util.Optional<Scope> of(String name) {
        for (Scope s : values()) {
            if (s.name().equals(name)) {
                return java.util.Optional.of(s);
            }
        }
        return java.util.Optional.empty();
    }
}
