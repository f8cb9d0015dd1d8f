package com.shanfu.terminal.host;

import com.shanfu.protocol.iso.MessageMac;
import com.shanfu.protocol.iso.ShanfuPackager;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.channel.NACChannel;

/** One connection to the ISO 8583 host: send a request (MAC'd when a key is given), read and check the answer. */
public final class FinancialChannel implements AutoCloseable {

    private final NACChannel channel;

    private FinancialChannel(NACChannel channel) {
        this.channel = channel;
    }

    public static FinancialChannel open(String host, int port, int timeoutMillis) throws HostException {
        try {
            NACChannel c = ShanfuPackager.clientChannel(host, port, timeoutMillis);
            c.connect();
            return new FinancialChannel(c);
        } catch (ConnectException e) {
            throw new HostException("host unavailable (" + host + ":" + port + " refused the connection); nothing was charged");
        } catch (IOException e) {
            throw new HostException("host unavailable (" + host + ":" + port + "): " + e.getMessage() + "; nothing was charged");
        }
    }

    /**
     * Sends and waits for the answer. With a MAC key the request is signed and the answer must carry a valid MAC,
     * unless it reports a MAC error or an unknown terminal (A0 / 97), which the host cannot sign.
     */
    public ISOMsg exchange(ISOMsg request, byte[] macKey) throws HostException, TimeoutException {
        try {
            if (macKey != null) {
                MessageMac.sign(request, macKey);
            }
            channel.send(request);
            ISOMsg response = channel.receive();
            String rc = response.getString(39);
            if (macKey != null && !"A0".equals(rc) && !"97".equals(rc) && !"Z1".equals(rc)
                    && !MessageMac.verify(response, macKey)) {
                throw new HostException("the host's answer failed its MAC check");
            }
            return response;
        } catch (SocketTimeoutException | EOFException e) {
            throw new TimeoutException();
        } catch (IOException | ISOException e) {
            throw new HostException("host connection failed: " + e.getMessage());
        }
    }

    /** No answer within the host timeout: the outcome at the host is unknown. */
    public static final class TimeoutException extends Exception {
        public TimeoutException() {
            super("no answer from the host in time");
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
