package com.shanfu.portal.security;

import jakarta.annotation.PreDestroy;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.util.List;
import org.keycloak.OAuth2Constants;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.representations.idm.RoleRepresentation;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Keycloak's admin API through keycloak-admin-client, signed in as the portal's service account (realm-management:
 * manage-users): gives an approved applicant the {@code merchant} realm role.
 */
@Component
public class KeycloakAccounts {

    /** Keycloak did not answer or refused; nothing was changed by this call. */
    public static class Unavailable extends RuntimeException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Keycloak keycloak;
    private final String realm;

    KeycloakAccounts(
            @Value("${shanfu.keycloak.url}") String keycloakUrl,
            @Value("${shanfu.keycloak.realm}") String realm,
            @Value("${spring.security.oauth2.client.registration.keycloak-admin.client-id}") String clientId,
            @Value("${spring.security.oauth2.client.registration.keycloak-admin.client-secret}") String secret) {
        this.realm = realm;
        this.keycloak = KeycloakBuilder.builder()
                .serverUrl(keycloakUrl)
                .realm(realm)
                .grantType(OAuth2Constants.CLIENT_CREDENTIALS)
                .clientId(clientId)
                .clientSecret(secret)
                .build();
    }

    /** Idempotent: granting a role the user already has changes nothing. */
    public void grantRealmRole(String userId, String role) {
        try {
            RoleRepresentation r = keycloak.realm(realm).roles().get(role).toRepresentation();
            keycloak.realm(realm).users().get(userId).roles().realmLevel().add(List.of(r));
        } catch (ProcessingException | WebApplicationException e) {
            throw new Unavailable(
                    "Keycloak refused or did not answer: " + e.getClass().getSimpleName(), e);
        }
    }

    /**
     * Creates an account with a first password the person must change at their first sign-in, and grants it a realm
     * role; returns its user id. Empty when the username is taken.
     */
    public java.util.Optional<String> createUser(
            String username, String email, String firstName, String lastName, String password, String role) {
        try {
            org.keycloak.representations.idm.UserRepresentation u =
                    new org.keycloak.representations.idm.UserRepresentation();
            u.setUsername(username);
            u.setEmail(email);
            u.setEmailVerified(email != null);
            u.setFirstName(firstName);
            u.setLastName(lastName);
            u.setEnabled(true);
            org.keycloak.representations.idm.CredentialRepresentation c =
                    new org.keycloak.representations.idm.CredentialRepresentation();
            c.setType(org.keycloak.representations.idm.CredentialRepresentation.PASSWORD);
            c.setValue(password);
            c.setTemporary(true);
            u.setCredentials(List.of(c));
            try (jakarta.ws.rs.core.Response r = keycloak.realm(realm).users().create(u)) {
                if (r.getStatus() == 409) {
                    return java.util.Optional.empty();
                }
                if (r.getStatus() != 201) {
                    throw new Unavailable("Keycloak refused the new user: HTTP " + r.getStatus(), null);
                }
                String path = r.getLocation().getPath();
                String id = path.substring(path.lastIndexOf('/') + 1);
                grantRealmRole(id, role);
                return java.util.Optional.of(id);
            }
        } catch (ProcessingException | WebApplicationException e) {
            throw new Unavailable(
                    "Keycloak refused or did not answer: " + e.getClass().getSimpleName(), e);
        }
    }

    @PreDestroy
    void close() {
        keycloak.close();
    }
}
