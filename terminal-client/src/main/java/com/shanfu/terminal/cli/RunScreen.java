package com.shanfu.terminal.cli;

import com.shanfu.terminal.card.CardCatalog;
import com.shanfu.terminal.card.CardReader;
import com.shanfu.terminal.card.PcscReader;
import com.shanfu.terminal.card.SoftwareCard;
import com.shanfu.terminal.host.HostException;
import com.shanfu.terminal.host.ResponseText;
import com.shanfu.terminal.host.TerminalService;
import com.shanfu.terminal.kernel.KernelConfig;
import com.shanfu.terminal.kernel.KernelException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

// Longer than 300 lines: the cashier's full-screen loop: drawing, keys and the sale flow of one text screen.
/**
 * The cashier's screen in the console: idle → amount → "tap card" → result → receipt, plus void, refund and
 * settlement, and settlement by itself at the configured time ({@code autoSettlementTime}, HH:mm) while it waits.
 * Lines come from the keyboard (or a pipe, for scripted runs); the PIN is read hidden when there is a console.
 */
final class RunScreen {

    private static final Object EOF = new Object();
    private static final String RULE = "=".repeat(40);
    /** How often the idle screen looks at the clock for the auto-settlement (a system property for tests). */
    private final long tickMillis = Long.getLong("shanfu.terminal.tick-millis", 30_000);

    private final TerminalService service;
    private final PrintWriter out;
    private final Clock clock;
    /** The process's terminal when the input is that terminal (the PIN is then read hidden from it), else null. */
    private final java.io.Console console;

    private final boolean echo;
    /**
     * The keyboard thread reads only what is asked of it — a line, or a secret — so it is never waiting in a read
     * when the PIN is asked for: the PIN's keystrokes reach only the PIN prompt.
     */
    private final BlockingQueue<Boolean> requests = new LinkedBlockingQueue<>();

    private final BlockingQueue<Object> answers = new LinkedBlockingQueue<>();
    private boolean outstanding;
    private LocalDate autoSettledOn;

    RunScreen(TerminalService service, BufferedReader in, PrintWriter out, Clock clock, java.io.Console console) {
        this.service = service;
        this.out = out;
        this.clock = clock;
        this.console = console;
        this.echo = console == null;
        Thread.ofVirtual().name("terminal-keyboard").start(() -> {
            try {
                while (true) {
                    boolean secret = requests.take();
                    Object got = secret ? readSecretLine(in) : in.readLine();
                    if (got == null) {
                        break;
                    }
                    answers.add(got);
                }
            } catch (IOException ignored) {
                // input closed
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answers.add(EOF);
        });
    }

    /**
     * One line as characters, without ever making a String of it (a PIN): up to the end of the line or the input;
     * null at the end of the input with nothing read. Intermediate buffers are wiped.
     */
    static char[] readSecretLine(java.io.Reader in) throws IOException {
        char[] buf = new char[16];
        int n = 0;
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c == '\r') {
                continue;
            }
            if (n == buf.length) {
                char[] bigger = java.util.Arrays.copyOf(buf, n * 2);
                java.util.Arrays.fill(buf, '\0');
                buf = bigger;
            }
            buf[n++] = (char) c;
        }
        if (c < 0 && n == 0) {
            return null;
        }
        char[] line = java.util.Arrays.copyOf(buf, n);
        java.util.Arrays.fill(buf, '\0');
        return line;
    }

    int run() {
        while (true) {
            idle();
            String choice = next("> ");
            if (choice == null || choice.equalsIgnoreCase("q")) {
                out.println("再见 Bye.");
                out.flush();
                return 0;
            }
            switch (choice.toLowerCase()) {
                case "", "1", "sale" -> sale();
                case "2", "void" -> voidSale();
                case "3", "refund" -> refund();
                case "4", "settle" -> settle("");
                default -> out.println("? 请选择 choose 1-4 or q");
            }
        }
    }

    private void idle() {
        var st = service.state();
        out.println(RULE);
        out.printf("  闪付 SHANFU     TID %s%n", st.tid() == null ? "-" : st.tid());
        out.printf("  %s%n", st.merchantName() == null ? "(not activated)" : st.merchantName());
        out.printf(
                "  批次 BATCH %06d   %s%n", st.batch(), LocalDateTime.now(clock).toLocalDate());
        out.printf(
                "  本批 open batch: %d sale(s)%s%n",
                st.openBatch().stream()
                        .filter(t -> t.approved() && t.kind() == com.shanfu.tms.contract.TxnKind.PURCHASE)
                        .count(),
                st.pendingReversal() != null ? "   冲正待发 reversal pending" : "");
        out.println(RULE);
        out.println("  [Enter] 1 消费 sale   2 撤销 void   3 退货 refund   4 结算 settle   q 退出 quit");
        out.flush();
    }

    private void sale() {
        Long fen = Amounts.fen(next("金额 Amount (CNY): "));
        if (fen == null) {
            out.println("金额无效 amount must be above zero with at most two decimals, e.g. 12.50");
            return;
        }
        out.printf("%n   请挥卡  TAP CARD   CNY %s%n", Receipt.yuan(fen));
        String cardName = next("   卡 card [unionpay-debit, or 'reader']: ");
        if (cardName == null) {
            return;
        }
        try (CardReader card = card(cardName.isEmpty() ? "unionpay-debit" : cardName)) {
            var sale = service.tap(
                    card, null, fen, KernelConfig.from(service.state().config()), this::pin);
            var t = sale.transaction();
            if (t.approved()) {
                out.println("\n   *** 交易成功 APPROVED ***\n");
                out.print(Receipt.text(
                        Receipt.MERCHANT_COPY, sale.merchantName(), sale.tid(), sale.mid(), t, sale.cvm()));
                String more = next("打印持卡人存根? Print the customer copy? [Y/n] ");
                if (more != null && !more.equalsIgnoreCase("n")) {
                    out.print(Receipt.text(
                            Receipt.CUSTOMER_COPY, sale.merchantName(), sale.tid(), sale.mid(), t, sale.cvm()));
                }
            } else {
                out.printf(
                        "%n   *** 交易失败 DECLINED: %s (%s) ***%n", ResponseText.of(t.responseCode()), t.responseCode());
            }
        } catch (HostException | KernelException e) {
            out.println("   ! " + e.getMessage());
        } catch (javax.smartcardio.CardException e) {
            out.println("   ! card reader: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            out.println("   ! " + e.getMessage());
        }
    }

    private void voidSale() {
        Integer trace = number(next("凭证号 Trace of the sale: "));
        if (trace == null) {
            out.println("凭证号无效 trace must be a number");
            return;
        }
        try {
            var t = service.voidSale(trace);
            out.println(
                    t.approved()
                            ? "   撤销成功 VOID APPROVED: CNY " + Receipt.yuan(t.amountFen()) + " back to " + t.maskedPan()
                            : "   撤销失败 VOID DECLINED: " + ResponseText.of(t.responseCode()) + " (" + t.responseCode()
                                    + ")");
        } catch (HostException e) {
            out.println("   ! " + e.getMessage());
        }
    }

    private void refund() {
        Integer trace = number(next("凭证号 Trace of the sale: "));
        Long fen = trace == null ? null : Amounts.fen(next("退货金额 Refund amount (CNY): "));
        if (trace == null || fen == null) {
            out.println("输入无效 a trace number and an amount such as 12.50 are needed");
            return;
        }
        try {
            var t = service.refund(trace, null, fen);
            out.println(
                    t.approved()
                            ? "   退货成功 REFUND APPROVED: CNY " + Receipt.yuan(t.amountFen()) + " back to "
                                    + t.maskedPan()
                            : "   退货失败 REFUND DECLINED: " + ResponseText.of(t.responseCode()) + " (" + t.responseCode()
                                    + ")");
        } catch (HostException e) {
            out.println("   ! " + e.getMessage());
        }
    }

    private void settle(String why) {
        try {
            var b = service.settle().batch();
            out.printf(
                    "   %s结算 SETTLEMENT batch %06d: %d sale(s) CNY %s, %d refund(s) CNY %s — %s%n",
                    why,
                    b.batch(),
                    b.debitCount(),
                    Receipt.yuan(b.debitTotalFen()),
                    b.creditCount(),
                    Receipt.yuan(b.creditTotalFen()),
                    b.balanced()
                            ? "对账平 balanced"
                            : "对账不平 not balanced, uploaded (" + b.differences() + " difference(s))");
        } catch (HostException e) {
            out.println("   ! " + e.getMessage());
        }
    }

    /**
     * The next line; while waiting, settles once a day at the configured time. Null at the end of the input.
     * Without a console (input from a pipe) the screen shows what was typed, as a terminal would. A line asked for
     * stays asked for across the clock's ticks (the keyboard thread is then in its read), until it comes.
     */
    private String next(String prompt) {
        out.print(prompt);
        out.flush();
        if (!outstanding) {
            requests.add(false);
            outstanding = true;
        }
        while (true) {
            try {
                Object got = answers.poll(tickMillis, TimeUnit.MILLISECONDS);
                if (got != null) {
                    outstanding = false;
                    if (got == EOF) {
                        out.println();
                        return null;
                    }
                    String line = ((String) got).strip();
                    if (echo) {
                        out.println(line);
                    }
                    return line;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            autoSettle();
        }
    }

    private void autoSettle() {
        Object at = service.state().config().get("autoSettlementTime");
        if (!(at instanceof String hhmm) || !hhmm.matches("\\d{2}:\\d{2}")) {
            return;
        }
        LocalDateTime now = LocalDateTime.now(clock);
        if (!now.toLocalTime().isBefore(LocalTime.parse(hhmm))
                && !now.toLocalDate().equals(autoSettledOn)) {
            autoSettledOn = now.toLocalDate();
            out.println();
            settle("自动 auto ");
        }
    }

    /**
     * The PIN, read only by this prompt: hidden from the terminal when there is one, else the keyboard thread reads
     * one secret line (shown as stars). Never a String; the caller wipes it. Null (cancel) on an empty line.
     */
    private char[] pin(String maskedPan, long amountFen) {
        String prompt = String.format("   卡 %s  CNY %s — 请输入密码 PIN: ", maskedPan, Receipt.yuan(amountFen));
        if (outstanding) { // cannot happen: a sale starts after its last line came
            throw new IllegalStateException("the keyboard is still reading a line");
        }
        if (console != null) {
            out.flush();
            char[] typed = console.readPassword("%s", prompt);
            return typed == null || typed.length == 0 ? null : typed;
        }
        out.print(prompt);
        out.flush();
        requests.add(true);
        try {
            Object got = answers.take();
            if (got == EOF || !(got instanceof char[] typed)) {
                out.println();
                return null;
            }
            out.println("*".repeat(typed.length));
            return typed.length == 0 ? null : typed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private CardReader card(String name) throws javax.smartcardio.CardException {
        if (name.equalsIgnoreCase("reader")) {
            return PcscReader.waitForCard(null, 30_000, out);
        }
        var profile = CardCatalog.bundled()
                .byName(name)
                .orElseThrow(() ->
                        new IllegalArgumentException("no software card named " + name + " (see: terminal cards)"));
        return SoftwareCard.fromWallet(profile);
    }

    private static Integer number(String s) {
        return s != null && s.matches("\\d{1,6}") ? Integer.valueOf(s) : null;
    }
}
