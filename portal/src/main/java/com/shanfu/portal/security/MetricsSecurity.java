package com.shanfu.portal.security;

import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;

/**
 * {@code /actuator/prometheus} is read by Prometheus, not by a person: a bearer token of the realm (the
 * {@code shanfu-metrics} client's client credentials) with the role {@code metrics} or {@code admin}, no session,
 * no sign-in page. Every other path stays with the portal's sign-in ({@link SecurityConfig}).
 */
@Configuration
class MetricsSecurity {

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain metrics(HttpSecurity http) throws Exception {
        JwtAuthenticationConverter roles = new JwtAuthenticationConverter();
        roles.setJwtGrantedAuthoritiesConverter(jwt -> {
            List<String> r = jwt.getClaimAsStringList("roles");
            return r == null
                    ? List.of()
                    : r.stream()
                            .map(x -> new SimpleGrantedAuthority("ROLE_" + x))
                            .map(org.springframework.security.core.GrantedAuthority.class::cast)
                            .toList();
        });
        return http.securityMatcher("/actuator/prometheus")
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(a -> a.anyRequest().hasAnyRole("metrics", "admin"))
                .oauth2ResourceServer(o -> o.jwt(j -> j.jwtAuthenticationConverter(roles)))
                .build();
    }
}
