package com.shanfu.terminal.host;

import com.shanfu.protocol.iso.MessageMac;
import com.shanfu.protocol.iso.Messages;
import com.shanfu.protocol.iso.ResponseCode;
import com.shanfu.protocol.iso.ShanfuPackager;
import java.io.IOException;
import java.net.ConnectException;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.channel.NACChannel;

/** One connection to the ISO 8583 host: send a request (MAC'd when a key is given), read and check the answer. */
public final class FinancialChannel implements AutoCloseable {

    private final NACChannel channel;

    private FinancialChannel(NACChannel channel) {
        this.channel = channel;
    }

    /**
     * A TLS 1.3 connection to the host, trusting only the CA pinned at activation (PEM). The terminal {@code tid}
     * resumes its own TLS session from its last connection.
     */
    public static FinancialChannel open(String host, int port, int timeoutMillis, String caPem, String tid)
            throws HostException {
        if (caPem == null) {
            throw new HostException("this terminal has no pinned host CA (activated before TLS): activate it again");
        }
        try {
            NACChannel c = ShanfuPackager.clientChannel(host, port, timeoutMillis, caPem, tid == null ? "" : tid);
            c.connect();
            return new FinancialChannel(c);
        } catch (ConnectException e) {
            throw new HostException(
                    "host unavailable (" + host + ":" + port + " refused the connection); nothing was charged");
        } catch (javax.net.ssl.SSLException e) {
            throw new HostException("the host at " + host + ":" + port + " is not the one this terminal trusts (TLS: "
                    + e.getMessage() + "); nothing was sent");
        } catch (IOException e) {
            throw new HostException(
                    "host unavailable (" + host + ":" + port + "): " + e.getMessage() + "; nothing was charged");
        }
    }

    /**
     * Sends and waits for the answer. With a MAC key the request is signed and the answer must carry a valid MAC,
     * unless it reports a MAC error or an unknown terminal (A0 / 97 / Z1), which the host cannot sign.
     * {@link HostException}: nothing was sent. {@link UnknownOutcome}: the request may have reached the host but no
     * trustworthy answer came back, so a sale must be reversed.
     */
    public ISOMsg exchange(ISOMsg request, byte[] macKey) throws HostException, UnknownOutcome {
        try {
            if (macKey != null) {
                MessageMac.sign(request, macKey);
            }
        } catch (ISOException e) {
            throw new HostException("message could not be built: " + e.getMessage());
        }
        ISOMsg response;
        try {
            channel.send(request);
            response = channel.receive();
        } catch (IOException | ISOException e) {
            throw new UnknownOutcome(Messages.REVERSAL_NO_ANSWER, "no answer from the host in time");
        }
        String rc = response.getString(39);
        try {
            if (macKey != null
                    && !"A0".equals(rc)
                    && !"97".equals(rc)
                    && !"Z1".equals(rc)
                    && !MessageMac.verify(response, macKey)) {
                throw new UnknownOutcome(ResponseCode.MAC_ERROR, "the host's answer failed its MAC check");
            }
        } catch (ISOException e) {
            throw new UnknownOutcome(ResponseCode.MAC_ERROR, "the host's answer could not be checked");
        }
        return response;
    }

    /** The host may have acted on the request, but no trustworthy answer came: {@link #reason} for the reversal. */
    public static final class UnknownOutcome extends Exception {
        private final String reason;

        UnknownOutcome(String reason, String message) {
            super(message);
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    @Override
    public void close() {
        try {
            channel.disconnect();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
