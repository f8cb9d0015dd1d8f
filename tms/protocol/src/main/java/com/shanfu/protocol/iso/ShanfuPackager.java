package com.shanfu.protocol.iso;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOPackager;
import org.jpos.iso.channel.NACChannel;
import org.jpos.iso.packager.GenericPackager;

/** The one packager definition both sides use, and the NAC (2-byte length + TPDU) channel around it. */
public final class ShanfuPackager {

    public static final String RESOURCE = "/com/shanfu/protocol/shanfu-iso87.xml";
    /** TPDU: 60, destination 0000 (the host), source 0000 (the terminal). */
    public static final byte[] TPDU = {0x60, 0x00, 0x00, 0x00, 0x00};

    private static final ISOPackager SHARED = create();

    private ShanfuPackager() {}

    /**
     * The one packager, parsed once: a GenericPackager keeps no state between messages, so every channel and message
     * can share it (parsing the definition per connection cost a tenth of a terminal's CPU per sale).
     */
    public static ISOPackager shared() {
        return SHARED;
    }

    /** A packager of its own, parsed from the definition. */
    public static ISOPackager create() {
        try (InputStream in = ShanfuPackager.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("packager definition missing: " + RESOURCE);
            }
            return new GenericPackager(in);
        } catch (ISOException e) {
            throw new IllegalStateException("packager definition invalid", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The terminal's side of the financial channel: TLS 1.3 to the host, trusting only the pinned CA (PEM). */
    public static NACChannel clientChannel(String host, int port, int timeoutMillis, String caPem) throws IOException {
        return clientChannel(host, port, timeoutMillis, caPem, "");
    }

    /** The same for one terminal (its TID): it resumes its own TLS session on the next connection. */
    public static NACChannel clientChannel(String host, int port, int timeoutMillis, String caPem, String client)
            throws IOException {
        NACChannel channel = new NACChannel(host, port, SHARED, TPDU.clone());
        channel.setTimeout(timeoutMillis);
        channel.setSocketFactory(com.shanfu.protocol.tls.Tls.clientSocketFactory(caPem, client));
        return channel;
    }

    /** A plain TCP channel: only to show that the host refuses one (tests). */
    public static NACChannel plainChannel(String host, int port, int timeoutMillis) throws IOException {
        NACChannel channel = new NACChannel(host, port, SHARED, TPDU.clone());
        channel.setTimeout(timeoutMillis);
        return channel;
    }

    /** The host's side: a template channel cloned by the ISO server for every connection. */
    public static NACChannel serverChannel() throws IOException {
        return new NACChannel(SHARED, TPDU.clone());
    }
}
