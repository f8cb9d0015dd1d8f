package com.shanfu.portal.tms;

import java.time.Instant;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/** The TMS API, called with the portal's client-credentials token ({@code shanfu-portal-tms}). */
@Component
public class TmsClient {

    private final RestClient tms;

    TmsClient(@Value("${shanfu.tms.url}") String tmsUrl, OAuth2AuthorizedClientManager clients) {
        OAuth2ClientHttpRequestInterceptor auth = new OAuth2ClientHttpRequestInterceptor(clients);
        auth.setClientRegistrationIdResolver(request -> "tms");
        this.tms = RestClient.builder().baseUrl(tmsUrl + "/api/v1").requestInterceptor(auth).build();
    }

    public record Merchant(String mid, String name, String city, String mcc) {
    }

    public record Shipment(String serial, String model, String tid, String mid, String activationCode,
                           Instant activationExpiresAt) {
    }

    public record Transaction(long id, String kind, long amountFen, String currency, String panMasked, String scheme,
                              String cardType, String status, String responseCode, String authCode, String rrn, String tid,
                              int batch, int stan, Instant createdAt, Long originalId, long refundedFen,
                              long refundableFen) {
    }

    public record Batch(int batch, String tid, String status, Boolean balanced, long debitTotalFen, int debitCount,
                        long creditTotalFen, int creditCount, Instant openedAt, Instant closedAt,
                        List<Difference> differences) {
    }

    /** A line where the terminal's batch and the host's journal disagreed (NOT_ON_HOST, NOT_ON_TERMINAL, AMOUNT). */
    public record Difference(int stan, String kind, Long hostAmountFen, Long terminalAmountFen, String reason) {
    }

    /** What a closed batch pays the merchant: gross − refunds − MDR fees = net, on the value date. */
    public record Payout(long id, long batchId, String feePlan, java.time.LocalDate businessDate,
                         java.time.LocalDate valueDate, long grossFen, long refundsFen, long feeFen, long netFen,
                         int saleCount, int refundCount, String status, java.time.LocalDate paidIn, Instant createdAt) {
    }

    public record Page<T>(List<T> items, int page, int size, long total) {
    }

    public record Device(String serial, String model, String status, String tid, String mid, Instant lastSeenAt,
                         String softwareVersion) {
    }

    public Device device(String serial) {
        return tms.get().uri("/devices/{serial}", serial).retrieve().body(Device.class);
    }

    /** The fee plan the merchant accepted, its payout cycle (T1 or D0) and its settlement card, masked. */
    public record Terms(String feePlan, int debitRateBp, Long debitCapFen, int creditRateBp, Long creditCapFen,
                        String settlementCycle, String settlementAccount) {
    }

    public Merchant registerMerchant(String externalRef, String name, String city, String mcc, Terms terms) {
        return tms.post().uri("/merchants").body(new MerchantRequest(externalRef, name, city, mcc, terms)).retrieve()
                .body(Merchant.class);
    }

    public Shipment ship(String shipmentRef, String mid, String model) {
        return ship(shipmentRef, mid, model, null);
    }

    /** Ships the device with this serial (staff picked it), or the oldest in stock when the serial is null. */
    public Shipment ship(String shipmentRef, String mid, String model, String serial) {
        return tms.post().uri("/shipments").body(new ShipmentRequest(shipmentRef, mid, model, serial)).retrieve()
                .body(Shipment.class);
    }

    public record Model(String code, String name, String connectivity, boolean printer, long priceFen, long inStock) {
    }

    /** The catalogue with the number of devices in stock per model. */
    public List<Model> models() {
        return tms.get().uri("/models").retrieve().body(new ParameterizedTypeReference<>() {
        });
    }

    /** In-stock devices of a model, oldest first. */
    public List<Device> stock(String model, int limit) {
        return tms.get().uri("/models/{model}/stock?limit={l}", model, limit).retrieve()
                .body(new ParameterizedTypeReference<>() {
                });
    }

    /** Why the TMS refused a device (its problem detail), or empty when it took it into stock. */
    public java.util.Optional<String> addToStock(String serial, String model, String publicKey) {
        try {
            tms.post().uri("/devices").body(new StockRequest(serial, model, publicKey)).retrieve().toBodilessEntity();
            return java.util.Optional.empty();
        } catch (org.springframework.web.client.HttpClientErrorException e) {
            var problem = e.getResponseBodyAs(org.springframework.http.ProblemDetail.class);
            return java.util.Optional.of(problem != null && problem.getDetail() != null ? problem.getDetail()
                    : e.getStatusText());
        }
    }

    private record StockRequest(String serial, String model, String publicKey) {
    }

    // ---- the fleet (operators): devices, lifecycle, configuration, push tasks ----

    public record FleetDevice(String serial, String model, String status, String tid, String mid, String merchantCity,
                              Instant lastSeenAt, boolean silent, String softwareVersion, Integer batteryPercent,
                              Boolean paperPresent, Integer lastBatch, Integer configVersion) {
    }

    public record Rollout(String batchRef, int version, int terminals) {
    }

    public record RolloutState(String batchRef, java.util.Map<String, Long> progress) {
    }

    /** A refusal of the TMS, with its problem detail for the operator. */
    public static class Refused extends RuntimeException {
        public Refused(String detail) {
            super(detail);
        }
    }

    public Page<FleetDevice> fleet(String status, String model, String mid, int page, int size) {
        return tms.get().uri(b -> b.path("/devices").queryParamIfPresent("status", java.util.Optional.ofNullable(status))
                        .queryParamIfPresent("model", java.util.Optional.ofNullable(model))
                        .queryParamIfPresent("mid", java.util.Optional.ofNullable(mid))
                        .queryParam("page", page).queryParam("size", size).build())
                .retrieve().body(new ParameterizedTypeReference<>() {
                });
    }

    public FleetDevice changeStatus(String serial, String action, String reason) {
        return refusing(() -> tms.post().uri("/devices/{serial}/{action}", serial, action)
                .body(java.util.Map.of("reason", reason == null ? "" : reason)).retrieve().body(FleetDevice.class));
    }

    public record Replacement(String oldSerial, String serial, String model, String tid, String mid, String activationCode,
                              Instant activationExpiresAt) {
    }

    public Replacement replace(String serial, String reason) {
        return refusing(() -> tms.post().uri("/devices/{serial}/replace", serial)
                .body(java.util.Map.of("reason", reason == null ? "" : reason)).retrieve().body(Replacement.class));
    }

    public int changeGroup(String scope, String key, String action, String reason) {
        java.util.Map<?, ?> r = refusing(() -> tms.post().uri(b -> b.path("/groups/{scope}/{action}")
                        .queryParamIfPresent("key", java.util.Optional.ofNullable(key)).build(scope, action))
                .body(java.util.Map.of("reason", reason == null ? "" : reason)).retrieve().body(java.util.Map.class));
        return ((Number) r.get("changed")).intValue();
    }

    public Rollout pushToGroup(String scope, String key, String kind, java.util.Map<String, Object> payload) {
        return refusing(() -> tms.post().uri(b -> b.path("/groups/{scope}/tasks")
                        .queryParamIfPresent("key", java.util.Optional.ofNullable(key)).build(scope))
                .body(java.util.Map.of("kind", kind, "payload", payload)).retrieve().body(Rollout.class));
    }

    @SuppressWarnings("unchecked")
    public java.util.Map<String, Object> config() {
        return tms.get().uri("/config").retrieve().body(java.util.Map.class);
    }

    public Rollout publishConfig(java.util.Map<String, Object> settings, String note) {
        return refusing(() -> tms.post().uri("/config/versions").body(java.util.Map.of("settings", settings,
                "note", note == null ? "" : note)).retrieve().body(Rollout.class));
    }

    public Rollout override(String scope, String key, java.util.Map<String, Object> settings) {
        return refusing(() -> tms.put().uri("/config/overrides/{scope}/{key}", scope, key)
                .body(java.util.Map.of("settings", settings)).retrieve().body(Rollout.class));
    }

    public record ConfigVersion(int version, String note, String publishedBy, Instant publishedAt) {
    }

    public List<ConfigVersion> configVersions() {
        return tms.get().uri("/config/versions").retrieve().body(new ParameterizedTypeReference<>() {
        });
    }

    public record Task(long id, String kind, String status, int attempts, String reason, String batchRef, Instant createdAt,
                       Instant deliveredAt, Instant finishedAt) {
    }

    public List<Task> deviceTasks(String serial) {
        return tms.get().uri("/devices/{serial}/tasks", serial).retrieve().body(new ParameterizedTypeReference<>() {
        });
    }

    public RolloutState rollout(String batchRef) {
        return tms.get().uri("/rollouts/{batch}", batchRef).retrieve().body(RolloutState.class);
    }

    private static <T> T refusing(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (org.springframework.web.client.HttpClientErrorException e) {
            var problem = e.getResponseBodyAs(org.springframework.http.ProblemDetail.class);
            throw new Refused(problem != null && problem.getDetail() != null ? problem.getDetail() : e.getStatusText());
        }
    }

    /** What the merchant filters its journal by; null parts are not filtered on. Days in China time, both included. */
    public record TxnFilter(java.time.LocalDate from, java.time.LocalDate to, String tid, String kind, String status,
                            String cardType, Long minFen, Long maxFen) {
        public static final TxnFilter NONE = new TxnFilter(null, null, null, null, null, null, null, null);
    }

    public Page<Transaction> transactions(String mid, int page, int size) {
        return transactions(mid, TxnFilter.NONE, page, size);
    }

    public Page<Transaction> transactions(String mid, TxnFilter f, int page, int size) {
        return tms.get().uri(b -> b.path("/merchants/{mid}/transactions")
                        .queryParamIfPresent("from", java.util.Optional.ofNullable(f.from()))
                        .queryParamIfPresent("to", java.util.Optional.ofNullable(f.to()))
                        .queryParamIfPresent("tid", java.util.Optional.ofNullable(f.tid()))
                        .queryParamIfPresent("kind", java.util.Optional.ofNullable(f.kind()))
                        .queryParamIfPresent("status", java.util.Optional.ofNullable(f.status()))
                        .queryParamIfPresent("cardType", java.util.Optional.ofNullable(f.cardType()))
                        .queryParamIfPresent("minFen", java.util.Optional.ofNullable(f.minFen()))
                        .queryParamIfPresent("maxFen", java.util.Optional.ofNullable(f.maxFen()))
                        .queryParam("page", page).queryParam("size", size).build(mid))
                .retrieve().body(new ParameterizedTypeReference<>() {
                });
    }

    public record RefundRequest(long id, long txnId, long amountFen, String requestRef, String requestedBy, String status,
                                String reason, Instant createdAt, Instant finishedAt) {
    }

    public record TransactionDetail(Transaction transaction, List<Transaction> refunds, List<RefundRequest> refundRequests) {
    }

    /** One transaction of this merchant; empty when there is none with this id for this MID (another merchant's). */
    public java.util.Optional<TransactionDetail> transaction(String mid, long id) {
        try {
            return java.util.Optional.ofNullable(tms.get().uri("/merchants/{mid}/transactions/{id}", mid, id).retrieve()
                    .body(TransactionDetail.class));
        } catch (org.springframework.web.client.HttpClientErrorException.NotFound e) {
            return java.util.Optional.empty();
        }
    }

    public record Figures(int saleCount, long salesFen, int refundCount, long refundsFen, long feesFen, long netFen,
                          long averageTicketFen) {
    }

    public record Day(java.time.LocalDate date, long salesFen, int saleCount) {
    }

    public record CardTypeShare(String scheme, String cardType, int saleCount, long salesFen) {
    }

    public record Summary(java.time.LocalDate date, Figures today, Figures month, List<Day> last30Days,
                          List<CardTypeShare> cardTypes) {
    }

    public Summary summary(String mid) {
        return tms.get().uri("/merchants/{mid}/summary", mid).retrieve().body(Summary.class);
    }

    /** Asks the terminal that took the sale to refund it; a refusal carries the TMS's reason (e.g. what is left). */
    public RefundRequest requestRefund(String mid, long txnId, long amountFen, String requestRef, String requestedBy) {
        return refusing(() -> tms.post().uri("/merchants/{mid}/refund-requests", mid)
                .body(java.util.Map.of("txnId", txnId, "amountFen", amountFen, "requestRef", requestRef,
                        "requestedBy", requestedBy)).retrieve().body(RefundRequest.class));
    }

    public List<RefundRequest> refundRequests(String mid) {
        return tms.get().uri("/merchants/{mid}/refund-requests", mid).retrieve().body(new ParameterizedTypeReference<>() {
        });
    }

    public record PayoutLine(long txnId, String kind, String cardType, long amountFen, long feeFen, long netFen) {
    }

    public record PayoutDetail(Payout payout, String mid, List<PayoutLine> lines) {
    }

    public PayoutDetail payout(String mid, long id) {
        return tms.get().uri("/merchants/{mid}/payouts/{id}", mid, id).retrieve().body(PayoutDetail.class);
    }

    // ---- news for every merchant at once (the portal tells each merchant once) ----

    public record PaidPayout(String mid, Payout payout) {
    }

    public List<PaidPayout> paidPayouts(java.time.LocalDate since) {
        return tms.get().uri("/payouts/paid?since={d}", since).retrieve().body(new ParameterizedTypeReference<>() {
        });
    }

    public record FinishedRefund(String mid, long id, long txnId, long amountFen, String status, String reason,
                                 Instant finishedAt) {
    }

    public List<FinishedRefund> finishedRefunds(Instant since) {
        return tms.get().uri("/refund-requests/finished?since={s}", since.toString()).retrieve()
                .body(new ParameterizedTypeReference<>() {
                });
    }

    public List<FleetDevice> silentDevices() {
        return tms.get().uri("/devices/silent").retrieve().body(new ParameterizedTypeReference<>() {
        });
    }

    /** What a receipt shows, card number masked. */
    public record Receipt(String merchantName, String mid, String tid, String kind, long amountFen, String currency,
                          String panMasked, String scheme, String cardType, String status, String authCode, String rrn,
                          int batch, int stan, Instant createdAt, long refundedFen) {
    }

    /** The e-receipt of a token from a receipt's QR code; empty when the token names none. */
    public java.util.Optional<Receipt> receipt(String token) {
        try {
            return java.util.Optional.ofNullable(tms.get().uri("/receipts/{token}", token).retrieve().body(Receipt.class));
        } catch (org.springframework.web.client.HttpClientErrorException.NotFound
                 | org.springframework.web.client.HttpClientErrorException.BadRequest e) {
            return java.util.Optional.empty();
        }
    }

    public record MerchantTerms(String mid, String name, String city, String mcc, Terms terms) {
    }

    public MerchantTerms merchant(String mid) {
        return tms.get().uri("/merchants/{mid}", mid).retrieve().body(MerchantTerms.class);
    }

    public MerchantTerms changeTerms(String mid, Terms terms) {
        return refusing(() -> tms.put().uri("/merchants/{mid}/terms", mid).body(terms).retrieve().body(MerchantTerms.class));
    }

    /** A new activation code for a shipped device (the old one stops working). */
    public Shipment reissueActivationCode(String serial) {
        return refusing(() -> tms.post().uri("/devices/{serial}/activation-code", serial).retrieve().body(Shipment.class));
    }

    public List<Payout> payouts(String mid) {
        return tms.get().uri("/merchants/{mid}/payouts", mid).retrieve().body(new ParameterizedTypeReference<>() {
        });
    }

    public List<Batch> batches(String mid) {
        return tms.get().uri("/merchants/{mid}/batches", mid).retrieve().body(new ParameterizedTypeReference<>() {
        });
    }

    private record MerchantRequest(String externalRef, String name, String city, String mcc, Terms terms) {
    }

    private record ShipmentRequest(String shipmentRef, String mid, String model, String serial) {
    }

    /** One run of the TMS's books check, with its report as text. */
    public record BooksRun(long id, java.time.Instant startedAt, java.time.Instant finishedAt, String triggeredBy,
                           int checks, int differences, String report) {
    }

    /** The latest runs of the books check, newest first. */
    public java.util.List<BooksRun> booksRuns(int limit) {
        return tms.get().uri("/books/checks?limit={l}", limit).retrieve()
                .body(new ParameterizedTypeReference<java.util.List<BooksRun>>() { });
    }

    /** Runs the books check now, recorded as asked for by this admin. */
    public void runBooksCheck(String admin) {
        tms.post().uri("/books/checks?requestedBy={a}", admin).accept(org.springframework.http.MediaType.TEXT_PLAIN)
                .retrieve().toBodilessEntity();
    }
}
