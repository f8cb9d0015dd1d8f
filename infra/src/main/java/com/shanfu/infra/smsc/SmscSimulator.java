package com.shanfu.infra.smsc;

import com.shanfu.e2e.DevPhone;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.Alphabet;
import org.jsmpp.bean.BroadcastSm;
import org.jsmpp.bean.CancelBroadcastSm;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.GeneralDataCoding;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.QueryBroadcastSm;
import org.jsmpp.bean.QuerySm;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.ReplaceSm;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.SubmitMulti;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.BroadcastSmResult;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.QueryBroadcastSmResult;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.SMPPServerSessionListener;
import org.jsmpp.session.ServerMessageReceiverListener;
import org.jsmpp.session.Session;
import org.jsmpp.session.SubmitMultiResult;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.util.DeliveryReceiptState;
import org.jsmpp.util.MessageId;

/**
 * The SMS centre of the local run and the tests: an SMPP 3.4 server on jSMPP's server side that the portal binds to
 * over TCP, as it would to a provider's SMSC. It checks the bind's system id and password, takes {@code submit_sm}
 * (UCS-2 or the default alphabet, the text in {@code short_message} or {@code message_payload}), answers a message id,
 * and "delivers" the message to the phone: a line in {@code messages.tsv} of the phone folder, the format the dev
 * gateway writes and the demo and tests read codes from. A moment later it sends the delivery receipt the message asked
 * for ({@code deliver_sm}, DELIVRD), over whichever session of that system id is bound then: receipts wait at the
 * centre while nobody is bound, as at a real one.
 *
 * <p>For the tests a number can be made to refuse the next submits with {@code ESME_RTHROTTLED} ({@link #throttle}) or
 * to be unreachable, its receipts UNDELIV ({@link #unreachable}).
 *
 * <p>{@code java -cp infra/target/classes:infra/target/lib/* com.shanfu.infra.smsc.SmscSimulator --port 2775
 * --system-id shanfu --password P --phone-dir DIR [--unreachable 8613900000000,...]}
 */
public final class SmscSimulator implements ServerMessageReceiverListener, AutoCloseable {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SmscSimulator.class);

    /** One short message as the centre took it. */
    public record Received(Instant at, String messageId, String systemId, String sender, String to, String text) {}

    /** One receipt as the centre sent it. */
    public record Receipt(Instant at, String messageId, String state) {}

    private static final int ESME_RTHROTTLED = SMPPConstant.STAT_ESME_RTHROTTLED;
    private static final int ESME_RINVCMDID = SMPPConstant.STAT_ESME_RINVCMDID;

    private final SMPPServerSessionListener listener;
    private final String systemId;
    private final String password;
    private final Path phoneDir;
    private final Duration receiptDelay;
    private final AtomicLong ids = new AtomicLong(System.currentTimeMillis() % 1_000_000 * 1000);
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Receipt> receiptsSent = new CopyOnWriteArrayList<>();
    private final List<SMPPServerSession> sessions = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> throttled = new ConcurrentHashMap<>();
    private final Set<String> unreachable = ConcurrentHashMap.newKeySet();
    private final LinkedBlockingQueue<Receipt> waitingReceipts = new LinkedBlockingQueue<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "smsc-receipts");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean open = true;

    public SmscSimulator(int port, String systemId, String password, Path phoneDir, Duration receiptDelay)
            throws IOException {
        this.systemId = systemId;
        this.password = password;
        this.phoneDir = phoneDir;
        this.receiptDelay = receiptDelay;
        this.listener = new SMPPServerSessionListener(port);
        listener.setMessageReceiverListener(this);
        Thread accepting = new Thread(this::accept, "smsc-accept");
        accepting.setDaemon(true);
        accepting.start();
        timer.scheduleWithFixedDelay(this::sendWaitingReceipts, 200, 200, TimeUnit.MILLISECONDS);
    }

    public int port() {
        return listener.getPort();
    }

    /** The next {@code times} submits to this number (international form) are refused with ESME_RTHROTTLED. */
    public void throttle(String number, int times) {
        throttled.put(number, times);
    }

    /** Messages to this number are taken, but their receipts say UNDELIV. */
    public void unreachable(String number) {
        unreachable.add(number);
    }

    public List<Received> received() {
        return new ArrayList<>(received);
    }

    public List<Receipt> receiptsSent() {
        return new ArrayList<>(receiptsSent);
    }

    /** Drops every bound session, as a centre restarting or a network cut does; the ESME binds again. */
    public void dropSessions() {
        sessions.forEach(SMPPServerSession::unbindAndClose);
        sessions.clear();
    }

    public int boundSessions() {
        sessions.removeIf(s -> !s.getSessionState().isBound());
        return sessions.size();
    }

    private void accept() {
        while (open) {
            try {
                SMPPServerSession session = listener.accept();
                Thread.ofVirtual().start(() -> bind(session));
            } catch (IOException e) {
                if (open) {
                    log.warn("accept failed: {}", e.getMessage());
                }
            }
        }
    }

    private void bind(SMPPServerSession session) {
        try {
            BindRequest request = session.waitForBind(10_000);
            if (!systemId.equals(request.getSystemId()) || !password.equals(request.getPassword())) {
                request.reject(SMPPConstant.STAT_ESME_RINVPASWD);
                log.info("bind refused for system id {}", request.getSystemId());
                return;
            }
            request.accept("SHANFU-SMSC");
            sessions.add(session);
            log.info("{} bound for {}", request.getBindType(), request.getSystemId());
        } catch (Exception e) {
            log.warn("bind failed: {}", e.toString());
            session.unbindAndClose();
        }
    }

    @Override
    public SubmitSmResult onAcceptSubmitSm(SubmitSm submit, SMPPServerSession source) throws ProcessRequestException {
        String to = submit.getDestAddress();
        Integer refusals = throttled.computeIfPresent(to, (k, n) -> n - 1);
        if (refusals != null && refusals >= 0) {
            throw new ProcessRequestException("throttled", ESME_RTHROTTLED);
        }
        String text = text(submit);
        String id = Long.toString(ids.incrementAndGet());
        Received r = new Received(Instant.now(), id, systemId, submit.getSourceAddr(), to, text);
        received.add(r);
        if (!unreachable.contains(to)) {
            toPhone(r);
        }
        if (SMSCDeliveryReceipt.SUCCESS_FAILURE.containedIn(submit.getRegisteredDelivery())
                || SMSCDeliveryReceipt.SUCCESS.containedIn(submit.getRegisteredDelivery())
                || SMSCDeliveryReceipt.FAILURE.containedIn(submit.getRegisteredDelivery())) {
            String state = unreachable.contains(to) ? "UNDELIV" : "DELIVRD";
            timer.schedule(
                    () -> waitingReceipts.add(new Receipt(Instant.now(), id, state)),
                    receiptDelay.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        try {
            return new SubmitSmResult(new MessageId(id), new OptionalParameter[0]);
        } catch (org.jsmpp.PDUStringException e) {
            throw new ProcessRequestException(
                    "message id " + id + ": " + e.getMessage(), SMPPConstant.STAT_ESME_RSYSERR);
        }
    }

    private static String text(SubmitSm submit) {
        byte[] bytes = submit.getShortMessage();
        if ((bytes == null || bytes.length == 0) && submit.getOptionalParameters() != null) {
            for (OptionalParameter p : submit.getOptionalParameters()) {
                if (p.tag == OptionalParameter.Tag.MESSAGE_PAYLOAD.code()
                        && p instanceof OptionalParameter.OctetString o) {
                    bytes = o.getValue();
                }
            }
        }
        if (bytes == null) {
            return "";
        }
        int coding = submit.getDataCoding() & 0xFF; // general data coding: bits 3-2 the alphabet, 10 is UCS-2
        boolean ucs2 = (coding & 0xC0) == 0 && (coding & 0x0C) == 0x08;
        return new String(bytes, ucs2 ? StandardCharsets.UTF_16BE : StandardCharsets.ISO_8859_1);
    }

    /** The phone's inbox, as people see it: the number masked as it is written for them. */
    private void toPhone(Received r) {
        if (phoneDir == null) {
            return;
        }
        String national = r.to().startsWith("86") && r.to().length() == 13 ? r.to().substring(2) : r.to();
        try {
            DevPhone.deliver(phoneDir, r.at(), "SMS", DevPhone.mask(national), "", r.text());
        } catch (IOException e) {
            log.warn("the phone folder cannot be written: {}", e.getMessage());
        }
    }

    private void sendWaitingReceipts() {
        Receipt r;
        while ((r = waitingReceipts.peek()) != null) {
            SMPPServerSession session = sessions.stream()
                    .filter(s -> s.getSessionState().isReceivable())
                    .findFirst()
                    .orElse(null);
            if (session == null) {
                return; // kept until an ESME binds again
            }
            try {
                DeliveryReceipt receipt = new DeliveryReceipt(
                        r.messageId(),
                        1,
                        r.state().equals("DELIVRD") ? 1 : 0,
                        Date.from(r.at()),
                        new Date(),
                        DeliveryReceiptState.valueOf(r.state()),
                        r.state().equals("DELIVRD") ? "000" : "001",
                        "");
                session.deliverShortMessage(
                        "",
                        TypeOfNumber.INTERNATIONAL,
                        NumberingPlanIndicator.ISDN,
                        "",
                        TypeOfNumber.UNKNOWN,
                        NumberingPlanIndicator.UNKNOWN,
                        "",
                        new ESMClass(MessageMode.DEFAULT, MessageType.SMSC_DEL_RECEIPT, GSMSpecificFeature.DEFAULT),
                        (byte) 0,
                        (byte) 0,
                        new RegisteredDelivery(0),
                        new GeneralDataCoding(Alphabet.ALPHA_DEFAULT),
                        receipt.toString().getBytes(StandardCharsets.ISO_8859_1));
                waitingReceipts.poll();
                receiptsSent.add(r);
            } catch (Exception e) {
                // not acknowledged (the ESME refused it or the session went): kept, sent again on the next round
                log.warn("receipt {} not taken: {}", r.messageId(), e.getMessage());
                if (!session.getSessionState().isBound()) {
                    sessions.remove(session);
                }
                return;
            }
        }
    }

    @Override
    public SubmitMultiResult onAcceptSubmitMulti(SubmitMulti submitMulti, SMPPServerSession source)
            throws ProcessRequestException {
        throw new ProcessRequestException("submit_multi is not offered", ESME_RINVCMDID);
    }

    @Override
    public QuerySmResult onAcceptQuerySm(QuerySm querySm, SMPPServerSession source) throws ProcessRequestException {
        throw new ProcessRequestException("query_sm is not offered", ESME_RINVCMDID);
    }

    @Override
    public void onAcceptReplaceSm(ReplaceSm replaceSm, SMPPServerSession source) throws ProcessRequestException {
        throw new ProcessRequestException("replace_sm is not offered", ESME_RINVCMDID);
    }

    @Override
    public void onAcceptCancelSm(CancelSm cancelSm, SMPPServerSession source) throws ProcessRequestException {
        throw new ProcessRequestException("cancel_sm is not offered", ESME_RINVCMDID);
    }

    @Override
    public BroadcastSmResult onAcceptBroadcastSm(BroadcastSm broadcastSm, SMPPServerSession source)
            throws ProcessRequestException {
        throw new ProcessRequestException("broadcast_sm is not offered", ESME_RINVCMDID);
    }

    @Override
    public void onAcceptCancelBroadcastSm(CancelBroadcastSm cancelBroadcastSm, SMPPServerSession source)
            throws ProcessRequestException {
        throw new ProcessRequestException("cancel_broadcast_sm is not offered", ESME_RINVCMDID);
    }

    @Override
    public QueryBroadcastSmResult onAcceptQueryBroadcastSm(QueryBroadcastSm queryBroadcastSm, SMPPServerSession source)
            throws ProcessRequestException {
        throw new ProcessRequestException("query_broadcast_sm is not offered", ESME_RINVCMDID);
    }

    @Override
    public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
        throw new ProcessRequestException("data_sm is not offered", ESME_RINVCMDID);
    }

    @Override
    public void close() throws IOException {
        open = false;
        timer.shutdownNow();
        dropSessions();
        listener.close();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            a.put(args[i].substring(2), args[i + 1]);
        }
        if (args.length % 2 != 0 || !a.containsKey("password")) {
            System.err.println("usage: SmscSimulator --password P [--port 2775] [--system-id shanfu] [--phone-dir DIR]"
                    + " [--unreachable 86139...,...] [--receipt-delay-ms 300]");
            System.exit(2);
        }
        SmscSimulator smsc = new SmscSimulator(
                Integer.parseInt(a.getOrDefault("port", "2775")),
                a.getOrDefault("system-id", "shanfu"),
                a.get("password"),
                a.containsKey("phone-dir") ? Path.of(a.get("phone-dir")) : null,
                Duration.ofMillis(Long.parseLong(a.getOrDefault("receipt-delay-ms", "300"))));
        for (String n : a.getOrDefault("unreachable", "").split(",")) {
            if (!n.isBlank()) {
                smsc.unreachable(n.trim());
            }
        }
        System.out.println(
                "smsc: listening on " + smsc.port() + " for system id " + a.getOrDefault("system-id", "shanfu"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                smsc.close();
            } catch (IOException e) {
                // going down anyway
            }
        }));
        Thread.currentThread().join();
    }
}
