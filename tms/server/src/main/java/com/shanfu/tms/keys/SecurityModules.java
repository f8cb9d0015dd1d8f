package com.shanfu.tms.keys;

import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.jpos.core.Configurable;
import org.jpos.core.SimpleConfiguration;
import org.jpos.security.SMAdapter;
import org.jpos.util.NameRegistrar;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Which security module the TMS uses: {@code shanfu.keys.security-module} = {@code software} (the default, {@link
 * SoftwareSecurityModule} under the LMK from its custodians' components) or the class name of a hardware module's
 * adapter. Such a class is a jPOS {@link SMAdapter} (for a payShield, say, jPOS's adapter for it) that also answers the
 * TMS's own port ({@link SecurityModule}: TR-31 export, sign-on MAC, RSA key wrap, which map to the HSM's commands of
 * those names); it gets the {@code shanfu.keys.sm.*} properties as its jPOS configuration. Either way the module is
 * registered with jPOS as {@code ssm}, where jPOS participants look it up ({@code NameRegistrar.get("ssm")}).
 */
@Configuration
class SecurityModules {

    static final String NAME = "ssm";

    @Bean
    SecurityModule securityModule(
            @Value("${shanfu.keys.security-module:software}") String kind,
            @Value("${shanfu.keys.lmk-components:}") String components,
            @Value("${shanfu.keys.lmk-kcv:}") String expectedKcv,
            JdbcTemplate jdbc,
            PlatformTransactionManager transactions,
            Environment env)
            throws Exception {
        SecurityModule module = kind.equals("software")
                ? new SoftwareSecurityModule(components, expectedKcv, jdbc, transactions)
                : hardware(
                        kind,
                        Binder.get(env)
                                .bind("shanfu.keys.sm", Bindable.mapOf(String.class, String.class))
                                .orElse(Map.of()));
        NameRegistrar.register(NAME, module);
        return module;
    }

    /** A hardware module's adapter by class name, configured from the given properties. */
    static SecurityModule hardware(String className, Map<String, String> config) throws Exception {
        Class<?> type;
        try {
            type = Class.forName(className);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(
                    "shanfu.keys.security-module: no class " + className + " on the class path");
        }
        if (!SMAdapter.class.isAssignableFrom(type) || !SecurityModule.class.isAssignableFrom(type)) {
            throw new IllegalStateException("shanfu.keys.security-module: " + className + " must be a jPOS SMAdapter "
                    + "that also implements " + SecurityModule.class.getName());
        }
        Object module = type.getDeclaredConstructor().newInstance();
        if (module instanceof Configurable c) {
            Properties p = new Properties();
            p.putAll(new TreeMap<>(config));
            c.setConfiguration(new SimpleConfiguration(p));
        }
        return (SecurityModule) module;
    }
}
