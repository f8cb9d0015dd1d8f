package com.shanfu.terminal.host;

import com.shanfu.protocol.iso.Messages;
import com.shanfu.terminal.state.TerminalState;
import com.shanfu.tms.contract.TxnKind;
import java.util.HexFormat;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;

/**
 * Taking money back: the void of a sale of the open batch, a refund of part or all of what is left of a sale, and the
 * reversal of a sale whose answer never came. An unanswered void or refund is sent again with the same STAN, so the
 * host answers the repeat without doing it twice.
 */
final class Cancellations {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private final TerminalService terminal;

    Cancellations(TerminalService terminal) {
        this.terminal = terminal;
    }

    /** Voids a purchase of the open batch (the whole amount). */
    public TerminalState.Transaction voidSale(int trace) throws HostException {
        TerminalState.Transaction original = original(trace, terminal.state().batch());
        if (!original.approved() || original.batch() != terminal.state().batch()) {
            throw new HostException(
                    "trace " + String.format("%06d", trace) + " is not an approved sale of the open batch");
        }
        if (terminal.state().refundable(original) != original.amountFen()) {
            throw new HostException(
                    "trace " + String.format("%06d", trace) + " has refunds: it can no longer be voided");
        }
        TerminalState.Transaction t = cancel(TerminalState.Transaction.VOID, original, original.amountFen(), null);
        if ("00".equals(t.responseCode())) {
            terminal.state().voided(original.stan(), original.batch());
            terminal.state().save(terminal.home());
        }
        return t;
    }

    /** Refunds part or all of a purchase, never more than what is left of it. */
    public TerminalState.Transaction refund(int trace, Integer batch, long amountFen) throws HostException {
        TerminalState.Transaction original = original(trace, batch);
        long left = terminal.state().refundable(original);
        if (amountFen <= 0 || amountFen > left) {
            throw new HostException("a refund of trace " + String.format("%06d", trace) + " can be at most CNY "
                    + java.math.BigDecimal.valueOf(left, 2).toPlainString());
        }
        return cancel(TerminalState.Transaction.REFUND, original, amountFen, null);
    }

    TerminalState.Transaction original(int trace, Integer batch) throws HostException {
        terminal.requireSignedOn();
        return terminal.state()
                .purchase(trace, batch)
                .orElseThrow(() -> new HostException("no sale with trace " + String.format("%06d", trace)
                        + (batch == null ? "" : " in batch " + String.format("%06d", batch))));
    }

    TerminalState.Transaction cancel(TxnKind kind, TerminalState.Transaction original, long amountFen, Long taskId)
            throws HostException {
        flushReversal();
        // an unanswered void/refund is repeated with the same STAN: the host answers a repeat without doing it twice
        String key = taskId != null
                ? "task:" + taskId
                : kind + ":" + original.batch() + ":" + original.stan() + ":" + amountFen;
        Integer stan = terminal.state().inFlightStan(key);
        if (stan == null) {
            stan = terminal.state().nextStan();
            terminal.state().sentInFlight(key, stan);
            terminal.state().save(terminal.home());
        }
        ISOMsg request;
        try {
            request = kind == TxnKind.VOID
                    ? Messages.voidSale(
                            terminal.terminal(),
                            stan,
                            terminal.state().batch(),
                            amountFen,
                            original.batch(),
                            original.stan(),
                            original.rrn(),
                            terminal.now())
                    : Messages.refund(
                            terminal.terminal(),
                            stan,
                            terminal.state().batch(),
                            amountFen,
                            original.batch(),
                            original.stan(),
                            java.time.format.DateTimeFormatter.ofPattern("MMdd")
                                    .withZone(terminal.clock().getZone())
                                    .format(original.at()),
                            original.rrn(),
                            terminal.now());
        } catch (ISOException e) {
            throw new HostException(kind.name().toLowerCase() + " message could not be built: " + e.getMessage());
        }
        ISOMsg answer;
        try (FinancialChannel channel = terminal.open()) {
            answer = channel.exchange(request, HEX.parseHex(terminal.state().macKey()));
        } catch (FinancialChannel.UnknownOutcome e) {
            throw new HostException(e.getMessage() + ": run the same command again; the host will not do it twice");
        }
        terminal.state().answered(key);
        TerminalState.Transaction t = TerminalState.Transaction.of(
                        stan,
                        terminal.state().batch(),
                        kind,
                        amountFen,
                        original.maskedPan(),
                        original.cardLabel(),
                        answer.getString(39),
                        null,
                        answer.getString(37),
                        terminal.clock().instant())
                .against(original);
        terminal.keepReceiptToken(t, answer);
        if (taskId != null) { // written with the refund itself: a redelivered task is answered from here
            String rc = answer.getString(39);
            terminal.state()
                    .refundTaskFinished(
                            taskId,
                            "00".equals(rc)
                                    ? "APPLIED|refunded, trace " + String.format("%06d", stan)
                                    : "FAILED|" + ResponseText.of(rc) + " (" + rc + ")");
        }
        terminal.record(t);
        return t;
    }

    /**
     * Sends the pending reversal, if any, until the host acknowledges it. Throws while the host cannot be reached:
     * no new transaction may start before the reversal is through.
     */
    public void flushReversal() throws HostException {
        TerminalState.PendingReversal r = terminal.state().pendingReversal();
        if (r == null) {
            return;
        }
        try (FinancialChannel channel = terminal.open()) {
            ISOMsg answer = channel.exchange(
                    Messages.reversal(
                            terminal.terminal(),
                            r.stan(),
                            r.batch(),
                            r.amountFen(),
                            HEX.parseHex(r.iccDataHex()),
                            r.reason(),
                            terminal.now()),
                    HEX.parseHex(terminal.state().macKey()));
            TerminalService.requireApproved(answer, "reversal");
            terminal.state().reversed(r.stan(), r.batch());
            terminal.state().reversalCleared();
            terminal.state().save(terminal.home());
        } catch (ISOException e) {
            throw new HostException("reversal message could not be built: " + e.getMessage());
        } catch (FinancialChannel.UnknownOutcome e) {
            throw new HostException("a reversal is pending and the host did not answer it: try again");
        } catch (HostException e) {
            throw new HostException("a reversal is pending and could not be sent (" + e.getMessage() + "): try again");
        }
    }
}
