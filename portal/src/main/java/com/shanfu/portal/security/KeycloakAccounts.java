package com.shanfu.portal.security;

import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Keycloak's admin REST API with the portal's service account (realm-management: manage-users): gives an approved
 * applicant the {@code merchant} realm role.
 */
@Component
public class KeycloakAccounts {

    private final RestClient admin;

    KeycloakAccounts(@Value("${shanfu.keycloak.url}") String keycloakUrl, @Value("${shanfu.keycloak.realm}") String realm,
                     OAuth2AuthorizedClientManager clients) {
        OAuth2ClientHttpRequestInterceptor auth = new OAuth2ClientHttpRequestInterceptor(clients);
        auth.setClientRegistrationIdResolver(request -> "keycloak-admin");
        this.admin = RestClient.builder().baseUrl(keycloakUrl + "/admin/realms/" + realm).requestInterceptor(auth).build();
    }

    @SuppressWarnings("unchecked")
    public void grantRealmRole(String userId, String role) {
        Map<String, Object> representation = admin.get().uri("/roles/{role}", role).retrieve().body(Map.class);
        admin.post().uri("/users/{id}/role-mappings/realm", userId).body(List.of(representation)).retrieve().toBodilessEntity();
    }
}
