package com.shanfu.portal.notification;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.Alphabet;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GeneralDataCoding;
import org.jsmpp.bean.MessageClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.Session;
import org.jsmpp.util.InvalidDeliveryReceiptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * SMS as it leaves the building: an SMPP 3.4 transceiver session (jSMPP) with the SMS centre of
 * {@code shanfu.smpp.*}. Each text goes out in UCS-2 (Chinese), as one {@code submit_sm} (in {@code message_payload}
 * when longer than one SMS), with a delivery receipt requested; the message id the centre answers is kept with the
 * outbox message. The centre's receipts ({@code deliver_sm} with a receipt's ESM class) are written down by
 * {@link OutboxReceipts} before they are acknowledged, so a receipt the database could not take is sent again by the
 * centre. A refusal ({@code ESME_RTHROTTLED} and the like) or a lost connection throws, and the relay tries the message
 * again after backoff; the session is bound again in the background, which also collects receipts that waited at the
 * centre. Only the channel and the centre's ids are logged, never the number or the text.
 */
@Component
@ConditionalOnProperty(name = "shanfu.notifications.sms", havingValue = "smpp")
public class SmppSms implements MessageReceiverListener, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SmppSms.class);
    /** 140 octets: 70 UCS-2 characters fit one SMS. */
    private static final int ONE_SMS_OCTETS = 140;

    private final String host;
    private final int port;
    private final String systemId;
    private final String password;
    private final String systemType;
    private final String sender;
    private final String countryCode;
    private final OutboxReceipts receipts;
    private final Clock clock;
    private final long rebindMillis;
    private final ScheduledExecutorService binder = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "smpp-bind");
        t.setDaemon(true);
        return t;
    });
    private SMPPSession session;
    private volatile Instant unreachableSince;

    SmppSms(
            @Value("${shanfu.smpp.host}") String host,
            @Value("${shanfu.smpp.port:2775}") int port,
            @Value("${shanfu.smpp.system-id}") String systemId,
            @Value("${shanfu.smpp.password}") String password,
            @Value("${shanfu.smpp.system-type:}") String systemType,
            @Value("${shanfu.smpp.sender:Shanfu}") String sender,
            @Value("${shanfu.smpp.country-code:86}") String countryCode,
            @Value("${shanfu.smpp.rebind-interval:5000}") long rebindMillis,
            OutboxReceipts receipts,
            Clock clock) {
        this.host = host;
        this.port = port;
        this.systemId = systemId;
        this.password = password;
        this.systemType = systemType;
        this.sender = sender;
        this.countryCode = countryCode;
        this.rebindMillis = rebindMillis;
        this.receipts = receipts;
        this.clock = clock;
    }

    /** The centre's id for the message; throws when it did not take it. */
    String send(String mobile, String text) throws Exception {
        Instant down = unreachableSince;
        if (down != null && !isBound()) { // fail fast: a centre that does not answer would hold each message a while
            throw new IOException("the SMS centre has not been reachable since " + down);
        }
        SMPPSession s = bound();
        byte[] ucs2 = (text == null ? "" : text).getBytes(StandardCharsets.UTF_16BE);
        boolean oneSms = ucs2.length <= ONE_SMS_OCTETS;
        OptionalParameter[] payload = oneSms
                ? new OptionalParameter[0]
                : new OptionalParameter[] {
                    new OptionalParameter.OctetString(OptionalParameter.Tag.MESSAGE_PAYLOAD.code(), ucs2)
                };
        try {
            String id = s.submitShortMessage(
                            systemType,
                            alphanumeric() ? TypeOfNumber.ALPHANUMERIC : TypeOfNumber.INTERNATIONAL,
                            alphanumeric() ? NumberingPlanIndicator.UNKNOWN : NumberingPlanIndicator.ISDN,
                            sender,
                            TypeOfNumber.INTERNATIONAL,
                            NumberingPlanIndicator.ISDN,
                            international(mobile),
                            new ESMClass(),
                            (byte) 0,
                            (byte) 1,
                            null,
                            null,
                            new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE),
                            (byte) 0,
                            new GeneralDataCoding(Alphabet.ALPHA_UCS2, MessageClass.CLASS1, false),
                            (byte) 0,
                            oneSms ? ucs2 : new byte[0],
                            payload)
                    .getMessageId();
            log.debug("SMS taken by the SMS centre as {}", id);
            return id;
        } catch (NegativeResponseException e) {
            throw new IllegalStateException(
                    "the SMS centre refused it: command_status 0x" + Integer.toHexString(e.getCommandStatus()), e);
        }
    }

    /**
     * Binds again when the session was lost, so that receipts that waited at the centre arrive without a send. On a
     * thread of its own: a centre that does not answer holds it for the bind's timeout, not the portal's scheduled
     * jobs. Every instance keeps its own session (receipts come to whichever is bound).
     */
    @jakarta.annotation.PostConstruct
    void keepBound() {
        binder.scheduleWithFixedDelay(
                () -> {
                    try {
                        bound();
                        unreachableSince = null;
                    } catch (IOException | RuntimeException e) {
                        if (unreachableSince == null) {
                            unreachableSince = clock.instant();
                            log.warn(
                                    "SMS centre {}:{} not reachable ({}); binding again every {} ms",
                                    host,
                                    port,
                                    e.getMessage(),
                                    rebindMillis);
                        }
                    }
                },
                0,
                rebindMillis,
                TimeUnit.MILLISECONDS);
    }

    private synchronized SMPPSession bound() throws IOException {
        if (session != null && session.getSessionState().isBound()) {
            return session;
        }
        if (session != null) {
            session.unbindAndClose();
        }
        SMPPSession s = new SMPPSession();
        s.setTransactionTimer(10_000);
        s.setEnquireLinkTimer(15_000);
        s.setMessageReceiverListener(this);
        s.connectAndBind(
                host,
                port,
                new BindParameter(
                        BindType.BIND_TRX,
                        systemId,
                        password,
                        systemType,
                        TypeOfNumber.UNKNOWN,
                        NumberingPlanIndicator.UNKNOWN,
                        null),
                10_000);
        log.info("bound to the SMS centre {}:{} as {}", host, port, systemId);
        session = s;
        return s;
    }

    boolean isBound() {
        SMPPSession s = session;
        return s != null && s.getSessionState().isBound();
    }

    private boolean alphanumeric() {
        return !sender.chars().allMatch(Character::isDigit);
    }

    /** A mainland mobile as the centre wants it: country code and number, digits only. */
    String international(String mobile) {
        String digits = mobile.replaceAll("[^0-9]", "");
        if (mobile.trim().startsWith("+") || digits.startsWith(countryCode) && digits.length() > 11) {
            return digits;
        }
        return countryCode + digits;
    }

    @Override
    public void onAcceptDeliverSm(DeliverSm deliverSm) throws ProcessRequestException {
        if (!deliverSm.isSmscDeliveryReceipt()) {
            log.debug("a mobile-originated SMS was ignored"); // nobody answers the sender id
            return;
        }
        DeliveryReceipt receipt;
        try {
            receipt = deliverSm.getShortMessageAsDeliveryReceipt();
        } catch (InvalidDeliveryReceiptException e) {
            log.warn("an unreadable delivery receipt was acknowledged and dropped: {}", e.getMessage());
            return;
        }
        try {
            receipts.record("SMPP", receipt.getId(), receipt.getFinalStatus().name(), clock.instant());
        } catch (RuntimeException e) {
            log.warn("delivery receipt {} not written down ({}); the centre will send it again", receipt.getId(), e);
            throw new ProcessRequestException("not written down", SMPPConstant.STAT_ESME_RSYSERR); // sent again
        }
    }

    @Override
    public void onAcceptAlertNotification(AlertNotification alertNotification) {
        // no use for it: messages are not held for absent subscribers here
    }

    @Override
    public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
        throw new ProcessRequestException("data_sm is not taken", SMPPConstant.STAT_ESME_RINVCMDID);
    }

    @Override
    public synchronized void destroy() {
        binder.shutdownNow();
        if (session != null) {
            session.unbindAndClose();
        }
    }
}
