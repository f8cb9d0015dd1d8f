package com.shanfu.terminal.host;

import com.shanfu.protocol.iso.Field60;
import com.shanfu.protocol.iso.Messages;
import com.shanfu.protocol.iso.Parameters;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;

/**
 * What the terminal asks the host for besides money: the EMV parameters (CA public keys with their checksums, the
 * AIDs' contactless parameters), and the echo test that times a round trip.
 */
final class ParameterDownload {

    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private final TerminalService terminal;

    ParameterDownload(TerminalService terminal) {
        this.terminal = terminal;
    }

    /**
     * Parameter download (0800): the CA key list (370), each key (372, its checksum checked), end (371); then the
     * AID list (380), each AID's contactless parameters (382), end (381). The state changes only when all arrived.
     */
    TerminalService.Downloaded downloadParameters() throws HostException {
        terminal.requireSignedOn();
        try (FinancialChannel channel = terminal.open()) {
            List<Parameters.CaKey> keys = new ArrayList<>();
            for (Parameters.CaKeyRef ref : Parameters.parseCaKeyList(parameters(channel, Field60.CA_KEY_LIST, null))) {
                keys.add(Parameters.parseCaKey(
                        parameters(channel, Field60.CA_KEY_DOWNLOAD, Parameters.caKeyRequest(ref.rid(), ref.index()))));
            }
            parameters(channel, Field60.CA_KEY_END, null);
            List<Parameters.Aid> aids = new ArrayList<>();
            for (String aid : Parameters.parseAidList(parameters(channel, Field60.AID_LIST, null))) {
                aids.add(Parameters.parseAid(parameters(channel, Field60.AID_DOWNLOAD, Parameters.aidRequest(aid))));
            }
            parameters(channel, Field60.AID_END, null);
            terminal.state().parametersLoaded(keys, aids, terminal.clock().instant());
            terminal.state().save(terminal.home());
            return new TerminalService.Downloaded(keys.size(), aids.size());
        } catch (IllegalArgumentException e) {
            throw new HostException("parameter download refused: " + e.getMessage());
        }
    }

    byte[] parameters(FinancialChannel channel, String code, byte[] request) throws HostException {
        try {
            ISOMsg r = channel.exchange(
                    Messages.parameters(
                            terminal.terminal(),
                            terminal.nextStanSaved(),
                            terminal.state().batch(),
                            code,
                            request,
                            terminal.now()),
                    HEX.parseHex(terminal.state().macKey()));
            TerminalService.requireApproved(r, "parameter download " + code);
            return r.hasField(62) ? r.getBytes(62) : new byte[0];
        } catch (ISOException e) {
            throw new HostException("parameter request could not be built: " + e.getMessage());
        } catch (FinancialChannel.UnknownOutcome e) {
            throw new HostException("parameter download: " + e.getMessage());
        }
    }

    /** 0820 echo test, MAC'd like every message after the sign-on: the round trip in milliseconds. */
    public long echo() throws HostException {
        terminal.requireSignedOn();
        long start = System.nanoTime();
        try (FinancialChannel channel = terminal.open()) {
            TerminalService.requireApproved(
                    channel.exchange(
                            Messages.echo(
                                    terminal.terminal(),
                                    terminal.nextStanSaved(),
                                    terminal.state().batch(),
                                    terminal.now()),
                            HEX.parseHex(terminal.state().macKey())),
                    "echo test");
        } catch (ISOException e) {
            throw new HostException("echo message could not be built: " + e.getMessage());
        } catch (FinancialChannel.UnknownOutcome e) {
            throw new HostException(e.getMessage());
        }
        return (System.nanoTime() - start) / 1_000_000;
    }
}
