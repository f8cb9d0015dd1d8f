package com.shanfu.e2e;

import com.shanfu.protocol.crypto.Totp;
import java.util.Set;

/**
 * The demo staff's authenticator: the realm gives admin, staff1 and staff2 a TOTP credential whose secret is
 * {@code shanfu-demo-totp-<user>} (infra/keycloak/shanfu-realm.json), and the browser flow asks them for its code.
 */
public final class DemoTotp {

    private static final Set<String> USERS = Set.of("admin", "staff1", "staff2");

    private DemoTotp() {}

    public static boolean has(String user) {
        return USERS.contains(user);
    }

    public static String secret(String user) {
        return "shanfu-demo-totp-" + user;
    }

    /** The code an authenticator app shows now. */
    public static String code(String user) {
        return Totp.now(secret(user));
    }

    /**
     * Waits for the next 30-second step: outside the test stack Keycloak accepts each code once, so a second sign-in
     * of the same user within the step needs the next code.
     */
    public static void awaitNextStep() throws InterruptedException {
        long now = System.currentTimeMillis();
        long next = (Totp.step(now) + 1) * Totp.PERIOD_SECONDS * 1000L;
        Thread.sleep(next - now + 200);
    }

    /** {@code infra/shanfu totp USER}: the demo staff member's code now, as their authenticator app shows it. */
    public static void main(String[] args) {
        if (args.length != 1 || !has(args[0])) {
            System.err.println("usage: infra/shanfu totp admin|staff1|staff2");
            System.exit(2);
        }
        System.out.println(code(args[0]) + "  (" + args[0] + "; authenticator secret " + Totp.base32(secret(args[0]))
                + "; a new code every 30 s)");
    }
}
