package com.shanfu.terminal.host;

import com.shanfu.protocol.iso.Messages;
import com.shanfu.protocol.iso.SettlementTotals;
import com.shanfu.terminal.state.TerminalState;
import java.util.HexFormat;
import java.util.List;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;

/**
 * Closing the batch: the totals go to the host; when they do not balance, every line is uploaded, the host reconciles
 * and the settlement is sent again. The batch closes (and the next one opens) only on the host's answer.
 */
final class Settlement {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private final TerminalService terminal;

    Settlement(TerminalService terminal) {
        this.terminal = terminal;
    }

    /** Sends the batch totals; balanced closes the batch and opens the next one. */
    TerminalService.Settled settle() throws HostException {
        terminal.requireSignedOn();
        terminal.flushReversal();
        long total = 0;
        int count = 0;
        long credits = 0;
        int creditCount = 0;
        for (TerminalState.Transaction t : terminal.state().openBatch()) {
            if (t.approved() && t.kind() == TerminalState.Transaction.PURCHASE) {
                total += t.amountFen();
                count++;
            } else if (t.approved() && t.kind() == TerminalState.Transaction.REFUND) {
                credits += t.amountFen();
                creditCount++;
            }
        }
        SettlementTotals totals = new SettlementTotals(total, count, credits, creditCount);
        List<TerminalState.Transaction> lines = terminal.state().openBatch().stream()
                .filter(TerminalState.Transaction::approved)
                .filter(t -> t.kind() != TerminalState.Transaction.VOID)
                .toList();
        int batch = terminal.state().batch();
        try (FinancialChannel channel = terminal.open()) {
            byte[] mac = HEX.parseHex(terminal.state().macKey());
            ISOMsg r = channel.exchange(
                    Messages.settlement(terminal.terminal(), terminal.nextStanSaved(), batch, totals, terminal.now()),
                    mac);
            TerminalService.requireApproved(r, "settlement");
            String answered = r.getString(48);
            if (answered == null || answered.length() < 31) {
                throw new HostException("the host's settlement answer carries no reconciliation code (field 48): the"
                        + " batch stays open; settle again");
            }
            boolean balanced = SettlementTotals.BALANCED.equals(SettlementTotals.reconciliationCode(answered));
            int differences = 0;
            if (!balanced) {
                for (TerminalState.Transaction t : lines) {
                    TerminalService.requireApproved(
                            channel.exchange(
                                    Messages.batchUploadLine(
                                            terminal.terminal(),
                                            terminal.nextStanSaved(),
                                            batch,
                                            t.kind() == TerminalState.Transaction.REFUND,
                                            t.amountFen(),
                                            t.batch(),
                                            t.stan(),
                                            t.rrn(),
                                            terminal.now()),
                                    mac),
                            "batch upload");
                }
                ISOMsg end = channel.exchange(
                        Messages.batchUploadEnd(
                                terminal.terminal(), terminal.nextStanSaved(), batch, lines.size(), terminal.now()),
                        mac);
                TerminalService.requireApproved(end, "end of batch upload");
                differences = end.hasField(48) ? Integer.parseInt(end.getString(48)) : 0;
                ISOMsg again = channel.exchange(
                        Messages.settlement(
                                terminal.terminal(), terminal.nextStanSaved(), batch, totals, terminal.now()),
                        mac);
                TerminalService.requireApproved(again, "settlement after the batch upload");
            }
            TerminalState.SettledBatch b = new TerminalState.SettledBatch(
                    batch,
                    total,
                    count,
                    credits,
                    creditCount,
                    balanced,
                    terminal.clock().instant(),
                    differences);
            terminal.state().batchSettled(b);
            terminal.state().save(terminal.home());
            return new TerminalService.Settled(b);
        } catch (ISOException e) {
            throw new HostException("settlement message could not be built: " + e.getMessage());
        } catch (FinancialChannel.UnknownOutcome e) {
            throw new HostException(e.getMessage() + " during settlement: settle again");
        }
    }
}
