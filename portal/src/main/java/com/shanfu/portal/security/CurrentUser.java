package com.shanfu.portal.security;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/** The signed-in person as the services see them: Keycloak subject, username, email, realm roles. */
public record CurrentUser(String subject, String username, String displayName, String email, Set<String> roles) {

    public static Optional<CurrentUser> get() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !(auth.getPrincipal() instanceof OidcUser user)) {
            return Optional.empty();
        }
        Set<String> roles = auth.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith("ROLE_"))
                .map(a -> a.substring(5))
                .collect(Collectors.toSet());
        String name = user.getFullName() != null ? user.getFullName() : user.getPreferredUsername();
        return Optional.of(
                new CurrentUser(user.getSubject(), user.getPreferredUsername(), name, user.getEmail(), roles));
    }

    public static CurrentUser require() {
        return get().orElseThrow(() -> new IllegalStateException("no signed-in user"));
    }

    public boolean has(String role) {
        return roles.contains(role);
    }
}
