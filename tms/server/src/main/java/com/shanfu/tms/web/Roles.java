package com.shanfu.tms.web;

import java.util.Set;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/** Whether a caller has one of some realm roles (as {@link SecurityConfig} maps them to {@code ROLE_} authorities). */
public final class Roles {

    private Roles() {}

    public static boolean any(Authentication who, String... roles) {
        Set<String> wanted =
                java.util.Arrays.stream(roles).map(r -> "ROLE_" + r).collect(java.util.stream.Collectors.toSet());
        return who.getAuthorities().stream().map(GrantedAuthority::getAuthority).anyMatch(wanted::contains);
    }
}
