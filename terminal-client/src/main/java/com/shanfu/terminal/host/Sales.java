package com.shanfu.terminal.host;

import com.shanfu.protocol.crypto.PinBlock;
import com.shanfu.protocol.iso.Messages;
import com.shanfu.terminal.card.CardReader;
import com.shanfu.terminal.kernel.CardData;
import com.shanfu.terminal.kernel.ContactlessKernel;
import com.shanfu.terminal.kernel.KernelConfig;
import com.shanfu.terminal.kernel.KernelException;
import com.shanfu.terminal.state.TerminalState;
import com.shanfu.tms.contract.TxnKind;
import java.util.HexFormat;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;

/**
 * A sale: the card is read by the contactless kernel, the PIN taken when the card asks for it, and the 0200 sent. The
 * reversal is written down before the request leaves; no answer in time reverses it at once, or before the next
 * transaction. A lock file marks the sale in progress, so that no pushed task changes the terminal under it.
 */
final class Sales {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    /** The most lines a batch can hold: the settlement's counts are three digits (docs/protocol.md, field 48). */
    static final int BATCH_LINES = 999;

    private final TerminalService terminal;

    Sales(TerminalService terminal) {
        this.terminal = terminal;
    }

    TerminalService.Sale tap(CardReader card, String cardLabelHint, long amountFen, KernelConfig config, PinPad pinPad)
            throws HostException, KernelException {
        java.nio.file.Path lock = terminal.home().resolve(TerminalService.TRANSACTION_LOCK);
        try {
            java.nio.file.Files.writeString(
                    lock, String.valueOf(ProcessHandle.current().pid()));
            return tapLocked(card, cardLabelHint, amountFen, config, pinPad);
        } catch (java.io.IOException e) {
            throw new HostException("cannot mark the transaction in progress: " + e.getMessage());
        } finally {
            try {
                java.nio.file.Files.deleteIfExists(lock);
            } catch (java.io.IOException ignored) {
                // a stale lock only defers a software update until the next sale ends
            }
        }
    }

    TerminalService.Sale tapLocked(
            CardReader card, String cardLabelHint, long amountFen, KernelConfig config, PinPad pinPad)
            throws HostException, KernelException {
        terminal.requireSignedOn();
        if (terminal.state().openBatch().size() >= BATCH_LINES) {
            throw new HostException("the batch is full (" + BATCH_LINES + " lines, what a settlement can count): settle"
                    + " it before the next sale");
        }
        terminal.flushReversal();
        CardData data = new ContactlessKernel(config)
                .tap(card, amountFen, terminal.now().toLocalDate());
        byte[] pinBlock = null;
        if (data.cvm() == CardData.Cvm.ONLINE_PIN) {
            char[] pin = pinPad.enterPin(data.maskedPan(), amountFen);
            if (pin == null || pin.length == 0) {
                throw new KernelException("PIN entry cancelled: nothing was charged");
            }
            try {
                pinBlock = PinBlock.encrypt(HEX.parseHex(terminal.state().pinKey()), pin, data.pan());
            } catch (IllegalArgumentException e) {
                throw new KernelException("a PIN has 4 to 12 digits");
            } finally {
                java.util.Arrays.fill(pin, '\0');
            }
        }
        ISOMsg request;
        int stan = terminal.state().nextStan();
        try {
            request = Messages.purchase(
                    terminal.terminal(),
                    stan,
                    terminal.state().batch(),
                    amountFen,
                    data.pan(),
                    data.panSequence(),
                    data.track2(),
                    data.iccData(),
                    pinBlock,
                    HEX.parseHex(terminal.state().dataKey()),
                    terminal.now());
        } catch (ISOException e) {
            throw new HostException("purchase message could not be built: " + e.getMessage());
        }
        // written down before the request leaves: if no answer comes, this is what gets reversed
        terminal.state()
                .reversalPending(new TerminalState.PendingReversal(
                        stan,
                        terminal.state().batch(),
                        amountFen,
                        HEX.formatHex(data.iccData()),
                        Messages.REVERSAL_NO_ANSWER,
                        terminal.clock().instant()));
        terminal.state().save(terminal.home());
        ISOMsg response;
        try (FinancialChannel channel = terminal.open()) {
            response = channel.exchange(request, HEX.parseHex(terminal.state().macKey()));
        } catch (HostException e) {
            terminal.state().reversalCleared(); // nothing reached the host
            terminal.state().save(terminal.home());
            throw e;
        } catch (FinancialChannel.UnknownOutcome e) {
            terminal.state()
                    .reversalPending(new TerminalState.PendingReversal(
                            stan,
                            terminal.state().batch(),
                            amountFen,
                            HEX.formatHex(data.iccData()),
                            e.reason(),
                            terminal.clock().instant()));
            terminal.record(TerminalState.Transaction.of(
                    stan,
                    terminal.state().batch(),
                    TxnKind.PURCHASE,
                    amountFen,
                    data.maskedPan(),
                    data.label(),
                    "XX",
                    null,
                    null,
                    terminal.clock().instant()));
            try {
                terminal.flushReversal();
            } catch (HostException again) {
                throw new HostException(e.getMessage() + "; the sale will be reversed as soon as the host answers "
                        + "(before any new transaction). Do not hand over goods.");
            }
            throw new HostException(e.getMessage() + ": the sale was reversed, nothing was charged");
        }
        terminal.state().reversalCleared();
        TerminalState.Transaction t = TerminalState.Transaction.of(
                stan,
                terminal.state().batch(),
                TxnKind.PURCHASE,
                amountFen,
                data.maskedPan(),
                cardLabelHint != null ? cardLabelHint : data.label(),
                response.getString(39),
                response.getString(38),
                response.getString(37),
                terminal.clock().instant());
        terminal.keepReceiptToken(t, response);
        terminal.record(t);
        return new TerminalService.Sale(
                t,
                data.cvm(),
                terminal.state().merchantName(),
                terminal.state().tid(),
                terminal.state().mid());
    }
}
