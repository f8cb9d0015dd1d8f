package com.shanfu.tms.web;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.jwt;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/** What the web slice tests of the TMS's controllers share: a caller with a realm role, as the JWT would carry it. */
public final class WebSlice {

    private WebSlice() {}

    public static RequestPostProcessor as(String role) {
        return jwt().jwt(j -> j.claim("preferred_username", "u-" + role))
                .authorities(new SimpleGrantedAuthority("ROLE_" + role));
    }
}
