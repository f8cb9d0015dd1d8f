package com.shanfu.tms.host;

import com.shanfu.protocol.iso.Field60;
import com.shanfu.protocol.iso.ResponseCode;
import com.shanfu.protocol.iso.ShanfuPackager;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.jpos.iso.ISOException;
import org.jpos.iso.ISOMsg;
import org.jpos.iso.ISOPackager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Routes each financial message to its handler (docs/protocol.md, "Financial channel"). Malformed messages are
 * answered 30 (format error) and change nothing.
 */
@Service
class HostService {

    private static final Logger log = LoggerFactory.getLogger(HostService.class);
    private static final ISOPackager PACKAGER = ShanfuPackager.create();

    private final SignOn signOn;
    private final Purchase purchase;
    private final Settlement settlement;
    private final Reversal reversal;
    private final VoidOrRefund voidOrRefund;
    private final BatchUpload batchUpload;
    private final Clock clock;

    HostService(SignOn signOn, Purchase purchase, Settlement settlement, Reversal reversal, VoidOrRefund voidOrRefund,
                BatchUpload batchUpload, Clock clock) {
        this.voidOrRefund = voidOrRefund;
        this.batchUpload = batchUpload;
        this.signOn = signOn;
        this.purchase = purchase;
        this.settlement = settlement;
        this.reversal = reversal;
        this.clock = clock;
    }

    ISOMsg handle(ISOMsg request) throws ISOException {
        ISOMsg response = answerTo(request);
        try {
            String mti = request.getMTI();
            Field60 f60 = request.hasField(60) ? Field60.parse(request.getString(60)) : null;
            switch (mti) {
                case "0800" -> {
                    if (f60 != null && Field60.SIGN_ON.equals(f60.networkCode())) {
                        signOn.handle(request, response);
                    } else {
                        response.set(39, ResponseCode.INVALID_TRANSACTION);
                    }
                }
                case "0820" -> response.set(39, ResponseCode.APPROVED);
                case "0200" -> {
                    if ("000000".equals(request.getString(3))) {
                        purchase.handle(request, response, f60);
                    } else if ("200000".equals(request.getString(3))) {
                        voidOrRefund.handle(request, response, f60, VoidOrRefund.Kind.VOID);
                    } else {
                        response.set(39, ResponseCode.INVALID_TRANSACTION);
                    }
                }
                case "0220" -> {
                    if ("200000".equals(request.getString(3))) {
                        voidOrRefund.handle(request, response, f60, VoidOrRefund.Kind.REFUND);
                    } else {
                        response.set(39, ResponseCode.INVALID_TRANSACTION);
                    }
                }
                case "0500" -> settlement.handle(request, response, f60);
                case "0400" -> reversal.handle(request, response, f60);
                case "0320" -> batchUpload.handle(request, response, f60);
                default -> response.set(39, ResponseCode.INVALID_TRANSACTION);
            }
        } catch (IllegalArgumentException | ISOException e) {
            response = answerTo(request);
            response.set(39, ResponseCode.FORMAT_ERROR);
        } catch (RuntimeException e) {
            // the database transaction rolled back: nothing was charged, and the terminal is told so
            log.error("host failure on MTI {} tid={} stan={}", request.getMTI(), request.getString(41), request.getString(11), e);
            response = answerTo(request);
            response.set(39, ResponseCode.SYSTEM_ERROR);
        }
        log.info("{} tid={} stan={} rc={}", response.getMTI(), request.getString(41), request.getString(11),
                response.getString(39));
        return response;
    }

    private ISOMsg answerTo(ISOMsg request) throws ISOException {
        ISOMsg response = new ISOMsg();
        response.setPackager(PACKAGER);
        response.setMTI(request.getMTI());
        response.setResponseMTI();
        for (int f : new int[] {3, 4, 11, 22, 23, 25, 41, 42, 49, 60, 61}) {
            if (request.hasField(f)) {
                response.set(f, request.getString(f));
            }
        }
        LocalDateTime now = LocalDateTime.now(clock);
        response.set(12, now.format(DateTimeFormatter.ofPattern("HHmmss")));
        response.set(13, now.format(DateTimeFormatter.ofPattern("MMdd")));
        return response;
    }
}
