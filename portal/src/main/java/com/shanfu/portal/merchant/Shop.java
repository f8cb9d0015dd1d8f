package com.shanfu.portal.merchant;

/**
 * The shop the signed-in person works for, as every merchant service sees it: its MID comes from the person's own
 * record, never from a request, so one merchant cannot name another's.
 */
public record Shop(String mid, String name, long applicationId, Role role, String username) {

    public enum Role {
        OWNER,
        CASHIER
    }

    public boolean owner() {
        return role == Role.OWNER;
    }
}
