package com.shanfu.tms.host;

import java.io.IOException;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.ISORequestListener;
import org.jpos.iso.ISOSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Hands each request to the host service and sends the answer only after the service has committed it. */
@Component
class HostRequestListener implements ISORequestListener {

    private static final Logger log = LoggerFactory.getLogger(HostRequestListener.class);
    private final HostService host;

    HostRequestListener(HostService host) {
        this.host = host;
    }

    @Override
    public boolean process(ISOSource source, ISOMsg request) {
        try {
            ISOMsg response = host.handle(request);
            source.send(response);
        } catch (IOException | ISOException e) {
            log.warn("could not answer MTI {} on the financial channel: {}", mti(request), e.getMessage());
        } catch (RuntimeException e) {
            log.error("host failure on MTI {}", mti(request), e);
        }
        return true;
    }

    private static String mti(ISOMsg m) {
        try {
            return m.getMTI();
        } catch (ISOException e) {
            return "?";
        }
    }
}
