package com.shanfu.portal.security;

import com.vaadin.flow.spring.security.VaadinWebSecurity;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * Sign-in through Keycloak (OIDC authorization code flow); realm roles from the flat {@code roles} claim become
 * {@code ROLE_*} authorities, which the views' {@code @RolesAllowed} and the services' {@code @PreAuthorize} check.
 */
@Configuration
@EnableWebSecurity
@EnableMethodSecurity(jsr250Enabled = true)
class SecurityConfig extends VaadinWebSecurity {

    static final String LOGIN = "/oauth2/authorization/keycloak";

    /** After signing in, back to the page asked for, on its own port (see the entry point below). */
    SecurityConfig(com.vaadin.flow.spring.security.VaadinDefaultRequestCache requestCache) {
        org.springframework.security.web.savedrequest.HttpSessionRequestCache samePort =
                new org.springframework.security.web.savedrequest.HttpSessionRequestCache();
        samePort.setPortResolver(jakarta.servlet.ServletRequest::getServerPort);
        requestCache.setDelegateRequestCache(samePort);
    }

    @Override
    protected void configure(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(a -> a.requestMatchers("/actuator/health", "/actuator/health/**", "/styles/**")
                .permitAll());
        super.configure(http);
        setOAuth2LoginPage(http, LOGIN, "{baseUrl}");
        // A page opened signed out goes to sign in on the port it was asked on. Spring Security's own entry point
        // maps HTTPS on 8080 (the local run's port) to 8443, where nobody listens; this one is asked first.
        LoginUrlAuthenticationEntryPoint signIn = new LoginUrlAuthenticationEntryPoint(LOGIN);
        signIn.setPortResolver(jakarta.servlet.ServletRequest::getServerPort);
        MediaTypeRequestMatcher pages = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
        pages.setIgnoredMediaTypes(Set.of(MediaType.ALL));
        http.exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(signIn, pages));
        http.oauth2Login(o -> o.userInfoEndpoint(u -> u.userAuthoritiesMapper(realmRoles())));
    }

    static GrantedAuthoritiesMapper realmRoles() {
        return authorities -> {
            Set<GrantedAuthority> mapped = new HashSet<>(authorities);
            for (GrantedAuthority a : authorities) {
                if (a instanceof OidcUserAuthority oidc) {
                    addRoles(mapped, oidc.getIdToken().getClaimAsStringList("roles"));
                    if (oidc.getUserInfo() != null) {
                        addRoles(mapped, oidc.getUserInfo().getClaimAsStringList("roles"));
                    }
                }
            }
            return mapped;
        };
    }

    private static void addRoles(Collection<GrantedAuthority> into, List<String> roles) {
        if (roles != null) {
            roles.forEach(r -> into.add(new SimpleGrantedAuthority("ROLE_" + r)));
        }
    }

    /** For the portal's own calls (TMS, Keycloak admin) with client credentials, outside any user request. */
    @Bean
    OAuth2AuthorizedClientManager authorizedClientManager(
            ClientRegistrationRepository registrations, OAuth2AuthorizedClientService clients) {
        var manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(registrations, clients);
        manager.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder()
                .clientCredentials()
                .build());
        return manager;
    }
}
