package com.shanfu.tms.web;

import java.util.Collection;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The TMS API is an OAuth2 resource server for tokens of the {@code shanfu} realm; realm roles arrive in the flat
 * {@code roles} claim. The terminal management channel authenticates devices itself (activation code, then the
 * device credential), so it is open to the filter chain.
 */
@Configuration
@EnableMethodSecurity
public class SecurityConfig {

    static final String[] API_ROLES = {"tms-client", "staff", "admin"};
    static final String[] CHANGE_ROLES = {"admin", "tms-client"};

    @Bean
    SecurityFilterChain api(HttpSecurity http) throws Exception {
        http.csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(a -> a.requestMatchers(
                                "/actuator/health/**", "/actuator/health", "/actuator/info")
                        .permitAll()
                        .requestMatchers("/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html")
                        .permitAll()
                        // Prometheus scrapes with a client-credentials token of the shanfu-metrics client
                        .requestMatchers("/actuator/prometheus")
                        .hasAnyRole("metrics", "admin")
                        .requestMatchers("/api/terminal/v1/**")
                        .permitAll()
                        // the identity verification simulator authenticates its callers by request signature
                        .requestMatchers("/sim/identity/v1/**")
                        .permitAll()
                        // what only an admin (or the portal, which checks its own users first) may change: refused
                        // here,
                        // before a request body or path is read, so a refusal never depends on the request's form
                        // (the methods' @PreAuthorize say the same; RoleMatrixIT checks every endpoint)
                        .requestMatchers(
                                HttpMethod.POST,
                                "/api/v1/devices/*/suspend",
                                "/api/v1/devices/*/resume",
                                "/api/v1/devices/*/retire",
                                "/api/v1/devices/*/replace",
                                "/api/v1/devices/*/activation-code",
                                "/api/v1/devices/*/logs",
                                "/api/v1/groups/*/suspend",
                                "/api/v1/groups/*/resume",
                                "/api/v1/groups/*/tasks",
                                "/api/v1/config/versions",
                                "/api/v1/payout-runs",
                                "/api/v1/merchants/*/refund-requests",
                                "/api/v1/software/*/rollouts",
                                "/api/v1/software-rollouts/*/*")
                        .hasAnyRole(CHANGE_ROLES)
                        .requestMatchers(
                                HttpMethod.PUT,
                                "/api/v1/config/overrides/**",
                                "/api/v1/merchants/*/terms",
                                "/api/v1/software/*")
                        .hasAnyRole(CHANGE_ROLES)
                        .requestMatchers("/api/v1/books/**")
                        .hasAnyRole(CHANGE_ROLES)
                        // a terminal's log: operational detail for those who run the fleet, not for staff reads
                        .requestMatchers(HttpMethod.GET, "/api/v1/devices/*/logs", "/api/v1/devices/*/logs/*")
                        .hasAnyRole(CHANGE_ROLES)
                        .requestMatchers(
                                HttpMethod.POST, "/api/v1/simulator/cardholders", "/api/v1/simulator/issuer-cards")
                        .hasAnyRole("staff", "admin")
                        .requestMatchers("/api/v1/**")
                        .hasAnyRole(API_ROLES)
                        .anyRequest()
                        .denyAll())
                .oauth2ResourceServer(o -> o.jwt(j -> j.jwtAuthenticationConverter(jwtAuthentication())));
        return http.build();
    }

    static JwtAuthenticationConverter jwtAuthentication() {
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(realmRoles());
        converter.setPrincipalClaimName("preferred_username");
        return converter;
    }

    static Converter<Jwt, Collection<GrantedAuthority>> realmRoles() {
        return jwt -> {
            List<String> roles = jwt.getClaimAsStringList("roles");
            return roles == null
                    ? List.of()
                    : roles.stream()
                            .<GrantedAuthority>map(r -> new SimpleGrantedAuthority("ROLE_" + r))
                            .toList();
        };
    }
}
