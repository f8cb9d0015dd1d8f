package com.shanfu.tms.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jdom2.Element;
import org.jpos.core.ConfigurationException;
import org.jpos.core.SimpleConfiguration;
import org.jpos.q2.Q2;
import org.jpos.transaction.Context;
import org.jpos.transaction.ProtectDebugInfo;
import org.jpos.transaction.TransactionManager;
import org.jpos.transaction.TransactionParticipant;
import org.jpos.util.LogEvent;
import org.jpos.util.LogListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The host's jPOS TransactionManager: each request becomes a {@link Context} that runs through small participants —
 * {@link ReadRequest}, {@link CheckTerminal} (MAC and terminal before anything else), {@link Route} (a group per
 * message kind, each one {@link Step}), {@link SendResponse}, and jPOS's {@link ProtectDebugInfo}, which masks the
 * card number and wipes track, PIN block, ICC data and keys before the transaction's debug event is written.
 * Participants are Spring beans; the manager runs on virtual threads and is started before the channel opens.
 */
@Component
class HostTransactions implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(HostTransactions.class);
    /** Where jPOS's per-transaction events (already masked) go, at DEBUG. */
    static final Logger TRACE = LoggerFactory.getLogger("com.shanfu.tms.host.trace");

    private final List<TransactionParticipant> chain;
    private final Map<String, List<TransactionParticipant>> groups;
    private final int sessions;
    private final int maxSessions;
    private TransactionManager manager;

    HostTransactions(
            ReadRequest read,
            CheckTerminal check,
            Route route,
            SendResponse send,
            SignOn signOn,
            ParameterDownload parameters,
            Purchase purchase,
            VoidOrRefund voidOrRefund,
            Reversal reversal,
            Settlement settlement,
            BatchUpload batchUpload,
            @Value("${shanfu.iso.sessions:16}") int sessions,
            @Value("${shanfu.iso.max-sessions}") int maxSessions) {
        this.chain = List.of(read, check, route, send, protectDebugInfo());
        this.groups = Map.of(
                Route.SIGN_ON, List.of(new Step(Route.SIGN_ON, signOn::handle)),
                Route.ECHO, List.of(new Step(Route.ECHO, (c, req, resp, f60) -> resp.set(39, "00"))),
                Route.CA_KEYS, List.of(new Step(Route.CA_KEYS, parameters::caKeys)),
                Route.AID_PARAMETERS, List.of(new Step(Route.AID_PARAMETERS, parameters::aids)),
                Route.PURCHASE, List.of(new Step(Route.PURCHASE, purchase::handle)),
                Route.VOID,
                        List.of(new Step(
                                Route.VOID,
                                (c, req, resp, f60) -> voidOrRefund.handle(c, req, resp, f60, VoidOrRefund.Kind.VOID))),
                Route.REFUND,
                        List.of(new Step(
                                Route.REFUND,
                                (c, req, resp, f60) ->
                                        voidOrRefund.handle(c, req, resp, f60, VoidOrRefund.Kind.REFUND))),
                Route.REVERSAL, List.of(new Step(Route.REVERSAL, reversal::handle)),
                Route.SETTLEMENT, List.of(new Step(Route.SETTLEMENT, settlement::handle)),
                Route.BATCH_UPLOAD, List.of(new Step(Route.BATCH_UPLOAD, batchUpload::handle)));
        this.sessions = sessions;
        this.maxSessions = Math.max(sessions, maxSessions);
    }

    private static ProtectDebugInfo protectDebugInfo() {
        ProtectDebugInfo p = new ProtectDebugInfo();
        SimpleConfiguration cfg = new SimpleConfiguration();
        cfg.put("protect-entry", new String[] {HostContext.REQUEST, HostContext.RESPONSE});
        cfg.put("wipe-entry", new String[0]);
        cfg.put("protect-FSDMsg", new String[0]);
        cfg.put("protect-ISOMsg", new String[] {"2"});
        cfg.put("wipe-ISOMsg", new String[] {"35", "45", "52", "55", "62", "63", "64"}); // 63: the e-receipt token
        cfg.put("wipe-TLVList", new String[0]);
        try {
            p.setConfiguration(cfg);
        } catch (ConfigurationException e) {
            throw new IllegalStateException(e);
        }
        return p;
    }

    /** Queues a request; the answer is sent by {@link SendResponse} once the transaction has run. */
    void queue(Context context) {
        manager.queue(context);
    }

    @Override
    public synchronized void start() {
        try {
            // spaces, loggers and names are JVM-wide in jPOS: each host instance gets its own
            String instance =
                    "shanfu-host-" + java.util.UUID.randomUUID().toString().substring(0, 8);
            org.jpos.util.Logger.getLogger(instance).addListener(new Slf4jListener());
            TransactionManager tm = new Chain(chain, groups);
            tm.setName(instance);
            tm.setLogger(instance);
            tm.setServer(unstartedQ2());
            SimpleConfiguration cfg = new SimpleConfiguration();
            cfg.put("queue", instance + ".txn");
            cfg.put("space", "tspace:" + instance);
            cfg.put("sessions", String.valueOf(sessions));
            cfg.put("max-sessions", String.valueOf(maxSessions));
            cfg.put("virtual-threads", "true");
            tm.setConfiguration(cfg);
            tm.setPersist(new Element("txnmgr"));
            tm.init();
            tm.start();
            ((Chain) tm).keepParticipantParams();
            manager = tm;
            log.info(
                    "transaction manager started: {} participants, {} groups, up to {} sessions",
                    chain.size(),
                    groups.size(),
                    maxSessions);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ConfigurationException e) {
            throw new IllegalStateException("transaction manager configuration", e);
        }
    }

    @Override
    public synchronized void stop() {
        if (manager != null) {
            manager.stop();
            manager = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return manager != null;
    }

    /**
     * The manager wants a Q2 for its metrics registry only; it is never started. Its constructor creates the deploy
     * folder, which is removed at once so that no start leaves a folder behind.
     */
    private static Q2 unstartedQ2() throws IOException {
        Path home = Files.createTempDirectory("shanfu-q2");
        try {
            return new Q2(new String[] {"-d", home.resolve("deploy").toString()});
        } finally {
            try (var files = Files.walk(home)) {
                for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /** Starts before the channel ({@link IsoHost}) and stops after it. */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 100;
    }

    /** The manager with its participants given as Spring beans instead of read from XML. */
    private static final class Chain extends TransactionManager {
        private final List<TransactionParticipant> main;
        private final Map<String, List<TransactionParticipant>> named;

        Chain(List<TransactionParticipant> main, Map<String, List<TransactionParticipant>> named) {
            this.main = main;
            this.named = named;
        }

        @Override
        protected void initParticipants(Element config) {
            groups.put(DEFAULT_GROUP, main);
            groups.putAll(named);
        }

        /**
         * jPOS 3.0.1 keeps a participant's parameters (and its Micrometer timers) only for participants it made from
         * XML; for others it makes them again on every call, searching the meter registry each time (6 % of the host's
         * CPU in {@code infra/shanfu bench host}). They are made once here, as XML participants' are, before the first
         * transaction. Should jPOS change its internals, the host runs as before, only slower: it is logged.
         */
        void keepParticipantParams() {
            try {
                java.lang.reflect.Method make =
                        TransactionManager.class.getDeclaredMethod("getParams", TransactionParticipant.class);
                java.lang.reflect.Field kept = TransactionManager.class.getDeclaredField("params");
                make.setAccessible(true);
                kept.setAccessible(true);
                @SuppressWarnings("unchecked")
                Map<TransactionParticipant, Object> params = (Map<TransactionParticipant, Object>) kept.get(this);
                java.util.Set<TransactionParticipant> all = new java.util.LinkedHashSet<>(main);
                named.values().forEach(all::addAll);
                for (TransactionParticipant p : all) {
                    params.put(p, make.invoke(this, p));
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                log.warn("jPOS participant parameters not kept ({}): each call makes them again", e.toString());
            }
        }
    }

    /** Writes jPOS log events through SLF4J; the transaction's context was masked by ProtectDebugInfo. */
    private static final class Slf4jListener implements LogListener {
        @Override
        public LogEvent log(LogEvent ev) {
            if (TRACE.isDebugEnabled()) {
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                try (java.io.PrintStream ps =
                        new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8)) {
                    ev.dump(ps, "");
                }
                TRACE.debug("{}", out.toString(java.nio.charset.StandardCharsets.UTF_8));
            }
            return ev;
        }
    }
}
