package com.shanfu.terminal.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.shanfu.terminal.card.CardCatalog;
import com.shanfu.terminal.card.CardProfile;
import com.shanfu.terminal.card.CardReader;
import com.shanfu.terminal.card.PcscReader;
import com.shanfu.terminal.card.SoftwareCard;
import com.shanfu.terminal.host.HostException;
import com.shanfu.terminal.host.ResponseText;
import com.shanfu.terminal.host.TerminalService;
import com.shanfu.terminal.kernel.KernelConfig;
import com.shanfu.terminal.kernel.KernelException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code terminal}: the Shanfu POS terminal on the command line. */
@Command(
        name = "terminal",
        mixinStandardHelpOptions = true,
        version = "shanfu terminal " + TerminalService.SOFTWARE_VERSION,
        description = "Shanfu contactless POS terminal: activation, sign-on, taps, settlement.",
        subcommands = {
            TerminalCli.Activate.class,
            TerminalCli.SignOn.class,
            TerminalCli.Tap.class,
            TerminalCli.VoidSale.class,
            TerminalCli.Refund.class,
            TerminalCli.ReceiptCommand.class,
            TerminalCli.Echo.class,
            TerminalCli.Params.class,
            TerminalCli.Settle.class,
            TerminalCli.Status.class,
            TerminalCli.Cards.class,
            TerminalCli.Log.class,
            TerminalCli.SelfTest.class,
            TerminalCli.Heartbeat.class,
            TerminalCli.Agent.class,
            TerminalCli.Run.class,
            TerminalCli.Fleet.class
        })
// Longer than 300 lines: one picocli command per nested class, each short, sharing the option handling and the JSON
// output.
public final class TerminalCli {

    @Option(
            names = "--home",
            description = "terminal state folder (default: ~/.shanfu-terminal)",
            scope = CommandLine.ScopeType.INHERIT)
    Path home = Path.of(System.getProperty("user.home"), ".shanfu-terminal");

    @Option(names = "--json", description = "machine-readable output", scope = CommandLine.ScopeType.INHERIT)
    boolean json;

    private java.io.InputStream stdin = System.in;

    public static void main(String[] args) {
        Integer handedOver = com.shanfu.terminal.host.SoftwareLauncher.handOver(args);
        if (handedOver != null) { // an installed software version ran the command
            System.exit(handedOver);
        }
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command; returns the exit code (0 ok, 1 refused/declined, 2 usage). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, System.in, out, err);
    }

    /** As {@link #run(String[], PrintWriter, PrintWriter)}, with the keyboard of {@code run} given. */
    public static int run(String[] args, java.io.InputStream in, PrintWriter out, PrintWriter err) {
        TerminalCli root = new TerminalCli();
        root.stdin = in;
        CommandLine cl = new CommandLine(root);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            err.println("error: " + e.getMessage());
            return 1;
        });
        return cl.execute(args);
    }

    abstract static class Base implements Callable<Integer> {
        @CommandLine.ParentCommand
        TerminalCli root;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        TerminalService service() {
            return new TerminalService(root.home, Clock.systemDefaultZone());
        }

        int print(Map<String, Object> fields, String text) {
            PrintWriter out = spec.commandLine().getOut();
            if (root.json) {
                out.println(json(fields));
            } else {
                out.print(text);
            }
            out.flush();
            return 0;
        }

        int cancelled(com.shanfu.terminal.state.TerminalState.Transaction t, String title) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ok", "00".equals(t.responseCode()));
            m.put("responseCode", t.responseCode());
            m.put("result", ResponseText.of(t.responseCode()));
            m.put("amount", Receipt.yuan(t.amountFen()));
            m.put("trace", t.stan());
            m.put("originalTrace", t.originalStan());
            m.put("rrn", t.rrn());
            print(
                    m,
                    "00".equals(t.responseCode())
                            ? title + " APPROVED 成功: CNY " + Receipt.yuan(t.amountFen()) + " back to " + t.maskedPan()
                                    + ", trace " + String.format("%06d", t.stan()) + " (sale "
                                    + String.format("%06d", t.originalStan())
                                    + "), ref " + t.rrn() + "\n"
                            : title + " DECLINED 失败: " + ResponseText.of(t.responseCode()) + " (" + t.responseCode()
                                    + ")\n");
            return "00".equals(t.responseCode()) ? 0 : 1;
        }

        /** One JSON object on one line, for scripts ({@code --json}). */
        static String json(Map<String, Object> fields) {
            try {
                return new ObjectMapper()
                        .registerModule(new JavaTimeModule())
                        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                        .writeValueAsString(fields);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        int fail(String message) {
            PrintWriter err = spec.commandLine().getErr();
            if (root.json) {
                Map<String, Object> failed = new java.util.LinkedHashMap<>();
                failed.put("ok", false);
                failed.put("error", message);
                spec.commandLine().getOut().println(json(failed));
                spec.commandLine().getOut().flush();
            }
            err.println("error: " + message);
            err.flush();
            return 1;
        }
    }

    @Command(
            name = "activate",
            mixinStandardHelpOptions = true,
            description = "Activate with the serial and one-time code from the packing slip; loads the TMK remotely.")
    static final class Activate extends Base {
        @Option(names = "--serial", required = true, description = "device serial number")
        String serial;

        @Option(names = "--code", required = true, description = "one-time activation code (8 digits)")
        String code;

        @Option(
                names = "--tms",
                defaultValue = "${env:SHANFU_TMS_URL:-https://localhost:8081}",
                description = "TMS URL, https (default: ${DEFAULT-VALUE})")
        String tms;

        @Option(
                names = "--tms-ca",
                defaultValue = "${env:SHANFU_TMS_CA}",
                description = "the CA certificate (PEM file) "
                        + "the device trusts for its first contact, as given at the factory; default: the platform's trust store. "
                        + "After activation the terminal trusts only the CA the TMS hands over.")
        String tmsCa;

        @Option(
                names = "--device-key",
                description =
                        "the device's private key from its factory (base64 PKCS#8); "
                                + "default: <serial>.key in SHANFU_FACTORY_DIR. The TMS accepts only the key registered for the serial.")
        java.nio.file.Path deviceKey;

        @Override
        public Integer call() {
            try {
                String factoryCa = null;
                if (tmsCa != null && !tmsCa.isBlank()) {
                    try {
                        factoryCa = java.nio.file.Files.readString(java.nio.file.Path.of(tmsCa));
                    } catch (java.io.IOException e) {
                        return fail("cannot read the CA certificate " + tmsCa + ": " + e.getMessage());
                    }
                }
                var a = service().activate(tms, serial, code, factoryCa, deviceKey);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("ok", true);
                m.put("tid", a.tid());
                m.put("mid", a.mid());
                m.put("merchant", a.merchantName());
                m.put("host", a.hostAddress() + ":" + a.hostPort());
                m.put("tmkKcv", a.tmkKcv());
                return print(
                        m,
                        "activated: TID " + a.tid() + ", MID " + a.mid() + " (" + a.merchantName()
                                + "), TMK loaded (KCV " + a.tmkKcv() + "), host " + a.hostAddress() + ":" + a.hostPort()
                                + "\n");
            } catch (HostException e) {
                return fail("activation failed: " + e.getMessage());
            }
        }
    }

    @Command(
            name = "sign-on",
            mixinStandardHelpOptions = true,
            description = "Sign on to the host: new working keys (PIN, MAC, data).")
    static final class SignOn extends Base {
        @Override
        public Integer call() {
            try {
                TerminalService s = service();
                s.signOn();
                String text = "signed on: TID " + s.state().tid() + ", batch "
                        + String.format("%06d", s.state().batch()) + ", working keys loaded\n";
                if (s.state().parametersAt() == null) { // first sign-on: the kernel's parameters come next
                    TerminalService.Downloaded d = s.downloadParameters();
                    text += "parameters loaded: " + d.caKeys() + " CA public keys, " + d.aids() + " AIDs\n";
                }
                return print(
                        Map.of(
                                "ok",
                                true,
                                "tid",
                                s.state().tid(),
                                "batch",
                                s.state().batch(),
                                "caKeys",
                                s.state().caKeys().size(),
                                "aids",
                                s.state().aidParameters().size()),
                        text);
            } catch (HostException e) {
                return fail(e.getMessage());
            }
        }
    }

    @Command(
            name = "params",
            mixinStandardHelpOptions = true,
            description = "Download the CA public keys and the contactless parameters of each AID from the host.")
    static final class Params extends Base {
        @Override
        public Integer call() {
            try {
                TerminalService.Downloaded d = service().downloadParameters();
                return print(
                        Map.of("ok", true, "caKeys", d.caKeys(), "aids", d.aids()),
                        "parameters loaded: " + d.caKeys() + " CA public keys, " + d.aids() + " AIDs\n");
            } catch (HostException e) {
                return fail(e.getMessage());
            }
        }
    }

    @Command(
            name = "run",
            mixinStandardHelpOptions = true,
            description = "The cashier's screen: amount, tap, result and receipt, plus void, refund and settlement; "
                    + "settles by itself at the configured time (autoSettlementTime).")
    static final class Run extends Base {
        @Override
        public Integer call() {
            java.io.Console console = System.console();
            boolean terminal = root.stdin == System.in && console != null && console.isTerminal();
            return new RunScreen(
                            service(),
                            new java.io.BufferedReader(
                                    new java.io.InputStreamReader(root.stdin, java.nio.charset.StandardCharsets.UTF_8)),
                            spec.commandLine().getOut(),
                            Clock.systemDefaultZone(),
                            terminal ? console : null)
                    .run();
        }
    }

    @Command(
            name = "fleet",
            mixinStandardHelpOptions = true,
            description = "Run many activated terminals in one process at a target rate, for load and tests; prints "
                    + "counts, the rate reached and latency percentiles.")
    static final class Fleet extends Base {
        @Option(
                names = "--homes",
                required = true,
                paramLabel = "DIR",
                description = "folder with one activated terminal home per subfolder")
        Path homes;

        @Option(names = "--terminals", required = true, description = "how many terminals to run")
        int terminals;

        @Option(
                names = "--tps",
                defaultValue = "10",
                description = "transactions per second, all terminals together (default: ${DEFAULT-VALUE})")
        double tps;

        @Option(
                names = "--duration",
                defaultValue = "10s",
                description = "how long, e.g. 30s or 2m (default: ${DEFAULT-VALUE})")
        String duration;

        @Option(
                names = "--card",
                defaultValue = "unionpay-debit",
                description =
                        "software card every terminal taps, or the personalisation of a terminal's own card (a card.pan file in its home) (default: ${DEFAULT-VALUE})")
        String card;

        @Option(
                names = "--pin-share",
                defaultValue = "0",
                description = "share of sales above the CVM limit, with online PIN, 0..1 (default: ${DEFAULT-VALUE})")
        double pinShare;

        @Option(
                names = "--void-share",
                defaultValue = "0",
                description = "share of approved sales voided at once, 0..1 (default: ${DEFAULT-VALUE})")
        double voidShare;

        @Option(
                names = "--refund-share",
                defaultValue = "0",
                description = "share of approved sales half refunded at once, 0..1 (default: ${DEFAULT-VALUE})")
        double refundShare;

        @Option(names = "--settle", description = "every terminal settles its batch at the end")
        boolean settle;

        @Option(names = "--progress", description = "a progress line on stderr while the run lasts")
        boolean progress;

        @Override
        public Integer call() {
            java.time.Duration d = parseDuration(duration);
            if (terminals < 1 || tps <= 0 || d == null) {
                return fail("--terminals and --tps must be above zero and --duration like 30s or 2m");
            }
            try {
                if (pinShare < 0 || voidShare < 0 || refundShare < 0 || pinShare > 1 || voidShare + refundShare > 1) {
                    return fail("--pin-share, --void-share and --refund-share are shares from 0 to 1");
                }
                var r = FleetRun.run(
                        FleetRun.homes(homes, terminals),
                        tps,
                        d,
                        card,
                        new FleetRun.Mix(pinShare, voidShare, refundShare, settle),
                        progress);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("ok", r.failed() == 0);
                m.put("terminals", r.terminals());
                m.put("sent", r.sent());
                m.put("approved", r.approved());
                m.put("declined", r.declined());
                m.put("failed", r.failed());
                m.put("withPin", r.withPin());
                m.put("voids", r.voids());
                m.put("refunds", r.refunds());
                m.put("settled", r.settled());
                m.put("balanced", r.balanced());
                m.put("seconds", Math.round(r.seconds() * 10) / 10.0);
                m.put("tps", Math.round(r.tps() * 10) / 10.0);
                m.put("p50Millis", r.p50Millis());
                m.put("p95Millis", r.p95Millis());
                m.put("p99Millis", r.p99Millis());
                m.put("responseCodes", r.responseCodes());
                m.put("errors", r.errors());
                print(
                        m,
                        String.format(
                                "fleet: %d terminals, %d sent in %.1f s (%.1f TPS): %d approved, %d declined, %d failed;"
                                        + " latency p50 %d ms, p95 %d ms, p99 %d ms%s%n",
                                r.terminals(),
                                r.sent(),
                                r.seconds(),
                                r.tps(),
                                r.approved(),
                                r.declined(),
                                r.failed(),
                                r.p50Millis(),
                                r.p95Millis(),
                                r.p99Millis(),
                                r.errors().isEmpty() ? "" : "\nerrors: " + String.join("\n  ", r.errors())));
                return r.failed() == 0 ? 0 : 1;
            } catch (IllegalArgumentException | java.io.IOException e) {
                return fail(e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return fail("interrupted");
            }
        }

        static java.time.Duration parseDuration(String s) {
            if (s == null || !s.matches("\\d{1,6}[sm]")) {
                return null;
            }
            long n = Long.parseLong(s.substring(0, s.length() - 1));
            return n == 0 ? null : s.endsWith("m") ? java.time.Duration.ofMinutes(n) : java.time.Duration.ofSeconds(n);
        }
    }

    @Command(name = "tap", mixinStandardHelpOptions = true, description = "Take a contactless payment.")
    static final class Tap extends Base {
        @Option(names = "--amount", required = true, description = "amount in CNY, e.g. 12.50")
        String amount;

        @Option(names = "--card", description = "software card to tap (see: terminal cards); default unionpay-debit")
        String card;

        @Option(names = "--reader", description = "use the card on a PC/SC contactless reader instead")
        boolean reader;

        @Option(
                names = "--reader-name",
                paramLabel = "TEXT",
                description = "with --reader: the reader whose PC/SC name contains TEXT (default: the first one)")
        String readerName;

        @Option(
                names = "--wait",
                paramLabel = "SECONDS",
                defaultValue = "30",
                description = "with --reader: how long to wait for a card (default ${DEFAULT-VALUE})")
        int waitSeconds;

        @Option(
                names = "--pin-file",
                description = "for scripted runs: a file whose first line is the cardholder's PIN "
                        + "when the amount needs one ('-': read it from standard input); otherwise the terminal asks on the "
                        + "terminal, not echoed. The PIN is never an argument: arguments show in ps.")
        String pinFile;

        @Override
        public Integer call() {
            Long fen = Amounts.fen(amount);
            if (fen == null) {
                return fail("amount must be above zero with at most two decimals, e.g. 12.50");
            }
            TerminalService s = service();
            try (CardReader r = reader(s)) {
                var sale = s.tap(r, null, fen, KernelConfig.from(s.state().config()), this::enterPin);
                var t = sale.transaction();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("ok", t.approved());
                m.put("responseCode", t.responseCode());
                m.put("result", ResponseText.of(t.responseCode()));
                m.put("amount", Receipt.yuan(t.amountFen()));
                m.put("card", t.maskedPan());
                m.put("trace", t.stan());
                m.put("batch", t.batch());
                m.put("rrn", t.rrn());
                m.put("authCode", t.authCode());
                String text = t.approved()
                        ? "APPROVED 交易成功\n\n"
                                + Receipt.text(
                                        Receipt.MERCHANT_COPY,
                                        sale.merchantName(),
                                        sale.tid(),
                                        sale.mid(),
                                        t,
                                        sale.cvm())
                        : "DECLINED 交易失败: " + ResponseText.of(t.responseCode()) + " (" + t.responseCode() + ")\n";
                print(m, text);
                return t.approved() ? 0 : 1;
            } catch (HostException | KernelException e) {
                return fail(e.getMessage());
            } catch (javax.smartcardio.CardException e) {
                return fail("card reader: " + e.getMessage());
            }
        }

        private char[] enterPin(String maskedPan, long amountFen) {
            if (pinFile != null) {
                try (java.io.Reader r = "-".equals(pinFile)
                        ? new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.US_ASCII)
                        : java.nio.file.Files.newBufferedReader(java.nio.file.Path.of(pinFile))) {
                    return RunScreen.readSecretLine(r);
                } catch (java.io.IOException e) {
                    throw new IllegalArgumentException("cannot read the PIN file: " + e.getMessage());
                }
            }
            java.io.Console console = System.console();
            if (console == null || !console.isTerminal()) {
                return null; // no PIN pad: cancelled
            }
            char[] typed = console.readPassword("card %s, CNY %s — PIN 请输入密码: ", maskedPan, Receipt.yuan(amountFen));
            return typed == null || typed.length == 0 ? null : typed;
        }

        private CardReader reader(TerminalService s) throws javax.smartcardio.CardException {
            if (reader) {
                if (waitSeconds < 1 || waitSeconds > 600) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--wait must be 1 to 600 seconds");
                }
                return PcscReader.waitForCard(
                        readerName, waitSeconds * 1000L, spec.commandLine().getErr());
            }
            String name = card == null ? "unionpay-debit" : card;
            CardProfile p = CardCatalog.bundled()
                    .byName(name)
                    .orElseThrow(() -> new CommandLine.ParameterException(
                            spec.commandLine(), "unknown card '" + name + "' (see: terminal cards)"));
            return SoftwareCard.fromWallet(p);
        }
    }

    @Command(
            name = "void",
            mixinStandardHelpOptions = true,
            description = "Void a sale of the open batch (the whole amount goes back to the card).")
    static final class VoidSale extends Base {
        @Option(names = "--trace", required = true, description = "trace number (STAN) of the sale, as on its receipt")
        int trace;

        @Override
        public Integer call() {
            try {
                return cancelled(service().voidSale(trace), "VOID 撤销");
            } catch (HostException e) {
                return fail(e.getMessage());
            }
        }
    }

    @Command(
            name = "refund",
            mixinStandardHelpOptions = true,
            description = "Refund part or all of a sale (never more than what is left of it).")
    static final class Refund extends Base {
        @Option(names = "--trace", required = true, description = "trace number (STAN) of the sale, as on its receipt")
        int trace;

        @Option(names = "--amount", required = true, description = "amount to refund in CNY, e.g. 5.00")
        String amount;

        @Option(names = "--batch", description = "batch of the sale when the trace number is not unique")
        Integer batch;

        @Override
        public Integer call() {
            Long fen = Amounts.fen(amount);
            if (fen == null) {
                return fail("amount must be above zero with at most two decimals, e.g. 5.00");
            }
            try {
                return cancelled(service().refund(trace, batch, fen), "REFUND 退货");
            } catch (HostException e) {
                return fail(e.getMessage());
            }
        }
    }

    @Command(
            name = "receipt",
            mixinStandardHelpOptions = true,
            description =
                    "Print the receipt of a sale again (text; --pdf writes both copies with an e-receipt QR code).")
    static final class ReceiptCommand extends Base {
        @Option(names = "--trace", required = true, description = "trace number (STAN) of the sale")
        int trace;

        @Option(names = "--batch", description = "batch of the sale when the trace number is not unique")
        Integer batch;

        @Option(names = "--customer", description = "the customer copy instead of the merchant copy")
        boolean customer;

        @Option(
                names = "--pdf",
                paramLabel = "FILE",
                description = "also write both copies as a PDF (80 mm) with a QR " + "code linking to the e-receipt")
        Path pdf;

        @Override
        public Integer call() {
            var st = service().state();
            var sale = st.purchase(trace, batch);
            if (sale.isEmpty() || !"00".equals(sale.get().responseCode())) {
                return fail("no approved sale with trace " + String.format("%06d", trace));
            }
            var t = sale.get();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("trace", t.stan());
            m.put("batch", t.batch());
            m.put("amount", Receipt.yuan(t.amountFen()));
            m.put("card", t.maskedPan());
            m.put("rrn", t.rrn());
            m.put("authCode", t.authCode());
            m.put("voided", t.voided());
            m.put("reversed", t.reversed());
            String marks = (t.voided() ? "*** 已撤销 VOIDED ***\n" : "") + (t.reversed() ? "*** 已冲正 REVERSED ***\n" : "");
            String copy = customer ? Receipt.CUSTOMER_COPY : Receipt.MERCHANT_COPY;
            String text = Receipt.text(copy + " (重打印 REPRINT)", st.merchantName(), st.tid(), st.mid(), t, null) + marks;
            if (pdf != null) {
                String link = st.receiptToken(t)
                        .map(token -> ReceiptPdf.link(
                                st.config().get("eReceiptUrl") instanceof String u ? u : Receipt.E_RECEIPT_URL, token))
                        .orElse(null);
                try {
                    ReceiptPdf.write(
                            pdf,
                            java.util.List.of(
                                    Receipt.text(Receipt.MERCHANT_COPY, st.merchantName(), st.tid(), st.mid(), t, null)
                                            + marks,
                                    Receipt.text(Receipt.CUSTOMER_COPY, st.merchantName(), st.tid(), st.mid(), t, null)
                                            + marks),
                            link);
                } catch (RuntimeException e) {
                    return fail(e.getMessage());
                }
                m.put("pdf", pdf.toAbsolutePath().toString());
                m.put("eReceipt", link);
                text += "PDF: " + pdf.toAbsolutePath() + " (merchant and customer copies)\n";
            }
            return print(m, text);
        }
    }

    @Command(
            name = "echo",
            mixinStandardHelpOptions = true,
            description = "Check the financial channel (0820 echo test).")
    static final class Echo extends Base {
        @Override
        public Integer call() {
            try {
                long millis = service().echo();
                return print(
                        Map.of("ok", true, "millis", millis), "host answered the echo test in " + millis + " ms\n");
            } catch (HostException e) {
                return fail(e.getMessage());
            }
        }
    }

    @Command(name = "settle", mixinStandardHelpOptions = true, description = "Settle the open batch with the host.")
    static final class Settle extends Base {
        @Override
        public Integer call() {
            try {
                var b = service().settle().batch();
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("ok", b.balanced());
                m.put("batch", b.batch());
                m.put("balanced", b.balanced());
                m.put("debitCount", b.debitCount());
                m.put("debitTotal", Receipt.yuan(b.debitTotalFen()));
                m.put("creditCount", b.creditCount());
                m.put("creditTotal", Receipt.yuan(b.creditTotalFen()));
                m.put("differences", b.differences());
                print(
                        m,
                        "settlement of batch " + String.format("%06d", b.batch()) + ": " + b.debitCount()
                                + " sale(s), CNY "
                                + Receipt.yuan(b.debitTotalFen()) + "; " + b.creditCount() + " refund(s), CNY "
                                + Receipt.yuan(b.creditTotalFen()) + " — "
                                + (b.balanced()
                                        ? "balanced 对账平, batch closed\n"
                                        : "NOT balanced 对账不平: batch uploaded, " + b.differences()
                                                + " difference(s) recorded by the host, batch closed on the host's totals\n"));
                return 0;
            } catch (HostException e) {
                return fail(e.getMessage());
            }
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "Show activation, keys and the open batch.")
    static final class Status extends Base {
        @Override
        public Integer call() {
            var st = service().state();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("activated", st.activated());
            m.put("serial", st.serial());
            m.put("tid", st.tid());
            m.put("mid", st.mid());
            m.put("merchant", st.merchantName());
            m.put("signedOn", st.signedOn());
            m.put("batch", st.batch());
            m.put("openBatchTransactions", st.openBatch().size());
            long sales = st.openBatch().stream()
                    .filter(t -> t.approved() && t.kind() == com.shanfu.tms.contract.TxnKind.PURCHASE)
                    .count();
            m.put("openBatchSales", sales);
            m.put("pendingReversal", st.pendingReversal() != null);
            m.put("caKeys", st.caKeys().size());
            m.put("aids", st.aidParameters().size());
            m.put("configVersion", st.configVersion());
            return print(
                    m,
                    st.activated()
                            ? "serial " + st.serial() + ", TID " + st.tid() + ", MID " + st.mid() + " ("
                                    + st.merchantName() + ")\n"
                                    + "signed on: " + (st.signedOn() ? "yes" : "no") + ", batch "
                                    + String.format("%06d", st.batch())
                                    + " with " + st.openBatch().size() + " transaction(s), " + sales
                                    + " approved sale(s)\n"
                                    + "parameters: " + st.caKeys().size() + " CA public keys, "
                                    + st.aidParameters().size() + " AIDs"
                                    + (st.parametersAt() == null ? " (not downloaded: terminal params)" : "")
                                    + ", configuration v"
                                    + st.configVersion() + "\n"
                                    + (st.pendingReversal() == null
                                            ? ""
                                            : "reversal pending for trace "
                                                    + String.format(
                                                            "%06d",
                                                            st.pendingReversal().stan())
                                                    + " (sent before the next transaction)\n")
                            : "not activated\n");
        }
    }

    @Command(
            name = "self-test",
            hidden = true,
            description = "Checks that this program runs here: its version, the state and keys it can open.")
    static final class SelfTest extends Base {
        @Option(names = "--expect-version", description = "the version this program must be")
        String expected;

        @Override
        public Integer call() {
            String running = TerminalService.runningVersion();
            if (expected != null && !expected.equals(running)) {
                return fail("self-test failed: this program is " + running + ", not " + expected);
            }
            var st = service().state();
            if (st.activated() && (st.tmk() == null || st.deviceCredential() == null)) {
                return fail("self-test failed: the terminal's keys cannot be read");
            }
            return print(
                    Map.of("ok", true, "version", running, "tid", String.valueOf(st.tid())),
                    "self-test ok: version " + running + ", TID " + st.tid() + "\n");
        }
    }

    @Command(
            name = "log",
            mixinStandardHelpOptions = true,
            description = "Show the end of this terminal's log (redacted: what a LOG_UPLOAD task sends).")
    static final class Log extends Base {
        @Option(
                names = "--bytes",
                defaultValue = "4096",
                description = "how much of its end (default ${DEFAULT-VALUE})")
        int bytes;

        @Override
        public Integer call() {
            if (bytes < 1 || bytes > com.shanfu.protocol.management.LogUpload.MAX_BYTES) {
                return fail("--bytes must be 1 to " + com.shanfu.protocol.management.LogUpload.MAX_BYTES);
            }
            try {
                String text = service().log().tail(bytes);
                return print(Map.of("log", text), text);
            } catch (java.io.IOException e) {
                return fail("cannot read the terminal log: " + e.getMessage());
            }
        }
    }

    @Command(name = "cards", mixinStandardHelpOptions = true, description = "List the software cards.")
    static final class Cards extends Base {
        @Override
        public Integer call() {
            StringBuilder sb = new StringBuilder();
            for (CardProfile p : CardCatalog.bundled().all()) {
                sb.append(String.format(
                        "%-16s %-18s %s%n",
                        p.name(),
                        p.label(),
                        p.pan().substring(0, 6) + "****"
                                + p.pan().substring(p.pan().length() - 4)));
            }
            return print(
                    Map.of(
                            "cards",
                            CardCatalog.bundled().all().stream()
                                    .map(CardProfile::name)
                                    .toList()),
                    sb.toString());
        }
    }

    @Command(
            name = "heartbeat",
            mixinStandardHelpOptions = true,
            description = "Report health to the TMS and fetch push tasks.")
    static final class Heartbeat extends Base {
        @Override
        public Integer call() {
            try {
                String status = service().heartbeat().name();
                return print(Map.of("ok", true, "status", status), "TMS: terminal " + status + "\n");
            } catch (HostException e) {
                return fail(e.getMessage());
            }
        }
    }

    @Command(
            name = "agent",
            mixinStandardHelpOptions = true,
            description =
                    "Stay in touch with the TMS: heartbeat, long-poll for push tasks, apply them and report back.")
    static final class Agent extends Base {
        @Option(names = "--duration", description = "Stop after this many seconds (default: run until stopped).")
        Integer duration;

        @Option(
                names = "--wait",
                defaultValue = "25",
                description = "Seconds each long poll may wait (1-30, default 25).")
        int wait;

        @Option(names = "--once", description = "One heartbeat and one poll, then stop.")
        boolean once;

        @Override
        public Integer call() {
            if (wait < 1 || wait > 30) {
                return fail("--wait must be 1-30 seconds");
            }
            if (duration != null && duration < 1) {
                return fail("--duration must be at least 1 second");
            }
            long end = duration == null ? Long.MAX_VALUE : System.currentTimeMillis() + duration * 1000L;
            java.util.List<Map<String, Object>> all = new java.util.ArrayList<>();
            StringBuilder text = new StringBuilder();
            do {
                try {
                    int w = (int) Math.max(1, Math.min(wait, (end - System.currentTimeMillis()) / 1000));
                    for (var o : service().agentRound(w)) {
                        all.add(Map.of("id", o.id(), "kind", o.kind(), "result", o.result(), "detail", o.detail()));
                        String line = "task " + o.id() + " " + o.kind() + ": " + o.result() + " — " + o.detail() + "\n";
                        text.append(line);
                        if (!root.json) {
                            spec.commandLine().getOut().print(line);
                            spec.commandLine().getOut().flush();
                        }
                    }
                } catch (HostException e) {
                    if (once || e.getMessage().contains("(terminal-")) {
                        return fail(e.getMessage()); // refused (suspended, retired): no point in trying again
                    }
                    spec.commandLine()
                            .getErr()
                            .println("TMS not reachable (" + e.getMessage() + "); trying again in 5 s");
                    sleep(5000);
                }
            } while (!once && System.currentTimeMillis() < end);
            return root.json ? print(Map.of("ok", true, "tasks", all), "") : 0;
        }

        private static void sleep(long ms) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
