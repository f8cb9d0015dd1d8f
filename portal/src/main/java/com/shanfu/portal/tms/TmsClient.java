package com.shanfu.portal.tms;

import com.shanfu.tms.contract.Batch;
import com.shanfu.tms.contract.BooksRun;
import com.shanfu.tms.contract.Configuration;
import com.shanfu.tms.contract.Device;
import com.shanfu.tms.contract.DeviceChange;
import com.shanfu.tms.contract.DeviceStatus;
import com.shanfu.tms.contract.FinishedRefund;
import com.shanfu.tms.contract.FleetDevice;
import com.shanfu.tms.contract.GroupChange;
import com.shanfu.tms.contract.MerchantRequest;
import com.shanfu.tms.contract.MerchantTerms;
import com.shanfu.tms.contract.Model;
import com.shanfu.tms.contract.OverrideRequest;
import com.shanfu.tms.contract.Page;
import com.shanfu.tms.contract.PaidPayout;
import com.shanfu.tms.contract.Payout;
import com.shanfu.tms.contract.PayoutDetail;
import com.shanfu.tms.contract.PublishRequest;
import com.shanfu.tms.contract.PublishedVersion;
import com.shanfu.tms.contract.ReasonRequest;
import com.shanfu.tms.contract.Receipt;
import com.shanfu.tms.contract.RefundRequest;
import com.shanfu.tms.contract.RefundRequestBody;
import com.shanfu.tms.contract.Replacement;
import com.shanfu.tms.contract.Rollout;
import com.shanfu.tms.contract.RolloutState;
import com.shanfu.tms.contract.Scope;
import com.shanfu.tms.contract.Shipment;
import com.shanfu.tms.contract.ShipmentRequest;
import com.shanfu.tms.contract.StockRequest;
import com.shanfu.tms.contract.Summary;
import com.shanfu.tms.contract.Task;
import com.shanfu.tms.contract.TaskKind;
import com.shanfu.tms.contract.TaskRequest;
import com.shanfu.tms.contract.Terms;
import com.shanfu.tms.contract.Transaction;
import com.shanfu.tms.contract.TransactionDetail;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.client.OAuth2ClientHttpRequestInterceptor;
import org.springframework.stereotype.Component;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

// Longer than 300 lines: one short method per TMS endpoint, all under one error policy.
/**
 * The TMS API, called with the portal's client-credentials token ({@code shanfu-portal-tms}), in the types of the
 * shared contract ({@code com.shanfu.tms.contract}). One error policy: the TMS said no ({@link TmsRefused}, a business
 * answer with its code and detail for the user) or it could not be asked ({@link TmsUnavailable}: try again later or tell
 * the user); both are a {@link TmsFailure}. A lookup that finds nothing answers empty instead.
 */
@Component
public class TmsClient {

    private final RestClient tms;

    TmsClient(@Value("${shanfu.tms.url}") String tmsUrl, OAuth2AuthorizedClientManager clients) {
        OAuth2ClientHttpRequestInterceptor auth = new OAuth2ClientHttpRequestInterceptor(clients);
        auth.setClientRegistrationIdResolver(request -> "tms");
        this.tms = RestClient.builder()
                .baseUrl(tmsUrl + "/api/v1")
                .requestInterceptor(auth)
                .requestInterceptor(com.shanfu.portal.ops.CorrelationIds.propagate())
                .build();
    }

    private static <T> T call(Supplier<T> request) {
        try {
            return request.get();
        } catch (HttpClientErrorException e) {
            ProblemDetail problem = problem(e);
            String code = problem != null
                            && problem.getProperties() != null
                            && problem.getProperties().get("code") != null
                    ? String.valueOf(problem.getProperties().get("code"))
                    : problem != null
                                    && problem.getType() != null
                                    && problem.getType().getPath() != null
                            ? problem.getType()
                                    .getPath()
                                    .substring(problem.getType().getPath().lastIndexOf('/') + 1)
                            : String.valueOf(e.getStatusCode().value());
            throw new TmsRefused(
                    code, problem != null && problem.getDetail() != null ? problem.getDetail() : e.getStatusText(), e);
        } catch (RestClientException e) {
            throw new TmsUnavailable("the TMS did not answer: " + e.getMessage(), e);
        }
    }

    /** The same, with "not found" (or, for {@code alsoEmpty}, another status) answered as empty. */
    private static <T> Optional<T> find(Supplier<T> request, HttpStatus... alsoEmpty) {
        try {
            return Optional.ofNullable(call(request));
        } catch (TmsRefused e) {
            if (e.getCause() instanceof HttpClientErrorException h
                    && (h.getStatusCode() == HttpStatus.NOT_FOUND
                            || List.of(alsoEmpty)
                                    .contains(
                                            HttpStatus.valueOf(h.getStatusCode().value())))) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static ProblemDetail problem(HttpClientErrorException e) {
        try {
            return e.getResponseBodyAs(ProblemDetail.class);
        } catch (RuntimeException unreadable) {
            return null;
        }
    }

    // ---- merchants and their devices ----

    public Device device(String serial) {
        return call(() -> tms.get().uri("/devices/{serial}", serial).retrieve().body(Device.class));
    }

    public MerchantTerms registerMerchant(String externalRef, String name, String city, String mcc, Terms terms) {
        return call(() -> tms.post()
                .uri("/merchants")
                .body(new MerchantRequest(externalRef, name, city, mcc, terms))
                .retrieve()
                .body(MerchantTerms.class));
    }

    public Shipment ship(String shipmentRef, String mid, String model) {
        return ship(shipmentRef, mid, model, null);
    }

    /** Ships the device with this serial (staff picked it), or the oldest in stock when the serial is null. */
    public Shipment ship(String shipmentRef, String mid, String model, String serial) {
        return call(() -> tms.post()
                .uri("/shipments")
                .body(new ShipmentRequest(shipmentRef, mid, model, serial))
                .retrieve()
                .body(Shipment.class));
    }

    /** The catalogue with the number of devices in stock per model. */
    public List<Model> models() {
        return call(() -> tms.get().uri("/models").retrieve().body(new ParameterizedTypeReference<List<Model>>() {}));
    }

    /** In-stock devices of a model, oldest first. */
    public List<Device> stock(String model, int limit) {
        return call(() -> tms.get()
                .uri("/models/{model}/stock?limit={l}", model, limit)
                .retrieve()
                .body(new ParameterizedTypeReference<List<Device>>() {}));
    }

    /** Why the TMS refused a device (its problem detail), or empty when it took it into stock. */
    /** Empty when the TMS took the device; its refusal (code and text) otherwise. */
    public Optional<TmsRefused> addToStock(String serial, String model, String publicKey) {
        try {
            call(() -> tms.post()
                    .uri("/devices")
                    .body(new StockRequest(serial, model, publicKey))
                    .retrieve()
                    .toBodilessEntity());
            return Optional.empty();
        } catch (TmsRefused e) {
            return Optional.of(e);
        }
    }

    /** A new activation code for a shipped device (the old one stops working). */
    public Shipment reissueActivationCode(String serial) {
        return call(() -> tms.post()
                .uri("/devices/{serial}/activation-code", serial)
                .retrieve()
                .body(Shipment.class));
    }

    public MerchantTerms merchant(String mid) {
        return call(() -> tms.get().uri("/merchants/{mid}", mid).retrieve().body(MerchantTerms.class));
    }

    public MerchantTerms changeTerms(String mid, Terms terms) {
        return call(() -> tms.put()
                .uri("/merchants/{mid}/terms", mid)
                .body(terms)
                .retrieve()
                .body(MerchantTerms.class));
    }

    // ---- the fleet (operators): devices, lifecycle, configuration, push tasks ----

    public Page<FleetDevice> fleet(DeviceStatus status, String model, String mid, int page, int size) {
        return fleet(status, model, mid, null, page, size);
    }

    /** connectivity: WIFI, CELLULAR or ETHERNET, or null for any. */
    public Page<FleetDevice> fleet(
            DeviceStatus status, String model, String mid, String connectivity, int page, int size) {
        return call(() -> tms.get()
                .uri(b -> b.path("/devices")
                        .queryParamIfPresent("status", Optional.ofNullable(status))
                        .queryParamIfPresent("model", Optional.ofNullable(model))
                        .queryParamIfPresent("mid", Optional.ofNullable(mid))
                        .queryParamIfPresent("connectivity", Optional.ofNullable(connectivity))
                        .queryParam("page", page)
                        .queryParam("size", size)
                        .build())
                .retrieve()
                .body(new ParameterizedTypeReference<Page<FleetDevice>>() {}));
    }

    public FleetDevice changeStatus(String serial, DeviceChange change, String reason) {
        return call(() -> tms.post()
                .uri("/devices/{serial}/{action}", serial, change.path())
                .body(new ReasonRequest(reason == null ? "" : reason))
                .retrieve()
                .body(FleetDevice.class));
    }

    public Replacement replace(String serial, String reason) {
        return call(() -> tms.post()
                .uri("/devices/{serial}/replace", serial)
                .body(new ReasonRequest(reason == null ? "" : reason))
                .retrieve()
                .body(Replacement.class));
    }

    public int changeGroup(Scope scope, String key, DeviceChange change, String reason) {
        return call(() -> tms.post()
                        .uri(b -> b.path("/groups/{scope}/{action}")
                                .queryParamIfPresent("key", Optional.ofNullable(key))
                                .build(scope.name(), change.path()))
                        .body(new ReasonRequest(reason == null ? "" : reason))
                        .retrieve()
                        .body(GroupChange.class))
                .changed();
    }

    public Rollout pushToGroup(Scope scope, String key, TaskKind kind, Map<String, Object> payload) {
        return call(() -> tms.post()
                .uri(b -> b.path("/groups/{scope}/tasks")
                        .queryParamIfPresent("key", Optional.ofNullable(key))
                        .build(scope.name()))
                .body(new TaskRequest(kind, payload))
                .retrieve()
                .body(Rollout.class));
    }

    public Configuration config() {
        return call(() -> tms.get().uri("/config").retrieve().body(Configuration.class));
    }

    public Rollout publishConfig(Map<String, Object> settings, String note) {
        return call(() -> tms.post()
                .uri("/config/versions")
                .body(new PublishRequest(settings, note == null ? "" : note))
                .retrieve()
                .body(Rollout.class));
    }

    public Rollout override(Scope scope, String key, Map<String, Object> settings) {
        return call(() -> tms.put()
                .uri("/config/overrides/{scope}/{key}", scope.name(), key)
                .body(new OverrideRequest(settings))
                .retrieve()
                .body(Rollout.class));
    }

    public List<PublishedVersion> configVersions() {
        return call(() -> tms.get()
                .uri("/config/versions")
                .retrieve()
                .body(new ParameterizedTypeReference<List<PublishedVersion>>() {}));
    }

    public List<Task> deviceTasks(String serial) {
        return call(() -> tms.get()
                .uri("/devices/{serial}/tasks", serial)
                .retrieve()
                .body(new ParameterizedTypeReference<List<Task>>() {}));
    }

    public List<com.shanfu.tms.contract.SoftwareVersion> softwareVersions() {
        return call(() -> tms.get()
                .uri("/software")
                .retrieve()
                .body(new ParameterizedTypeReference<List<com.shanfu.tms.contract.SoftwareVersion>>() {}));
    }

    public List<com.shanfu.tms.contract.SoftwareRollout> softwareRollouts() {
        return call(() -> tms.get()
                .uri("/software-rollouts")
                .retrieve()
                .body(new ParameterizedTypeReference<List<com.shanfu.tms.contract.SoftwareRollout>>() {}));
    }

    public com.shanfu.tms.contract.SoftwareRollout startSoftwareRollout(
            com.shanfu.tms.contract.SoftwareRollout.Start start) {
        return call(() -> tms.post()
                .uri("/software/{version}/rollouts", start.version())
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .body(start)
                .retrieve()
                .body(com.shanfu.tms.contract.SoftwareRollout.class));
    }

    /** Pauses, resumes (optionally to a larger percent) or rolls back a software rollout. */
    public com.shanfu.tms.contract.SoftwareRollout softwareRolloutAction(
            String batchRef, String action, Integer percent) {
        return call(() -> tms.post()
                .uri("/software-rollouts/{batch}/{action}", batchRef, action)
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .body(new com.shanfu.tms.contract.SoftwareRollout.Resume(percent))
                .retrieve()
                .body(com.shanfu.tms.contract.SoftwareRollout.class));
    }

    /** Asks one terminal for its recent log: a LOG_UPLOAD task (the TMS's default size). */
    public Task requestLog(String serial) {
        return call(() -> tms.post()
                .uri("/devices/{serial}/logs", serial)
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .body(new com.shanfu.tms.contract.LogRequest(null))
                .retrieve()
                .body(Task.class));
    }

    public List<com.shanfu.tms.contract.DeviceLog> deviceLogs(String serial) {
        return call(() -> tms.get()
                .uri("/devices/{serial}/logs", serial)
                .retrieve()
                .body(new ParameterizedTypeReference<List<com.shanfu.tms.contract.DeviceLog>>() {}));
    }

    /** One uploaded log's text (redacted by the terminal and the TMS). */
    public String deviceLog(String serial, long id) {
        return call(() -> tms.get()
                .uri("/devices/{serial}/logs/{id}", serial, id)
                .accept(org.springframework.http.MediaType.TEXT_PLAIN)
                .retrieve()
                .body(String.class));
    }

    public RolloutState rollout(String batchRef) {
        return call(
                () -> tms.get().uri("/rollouts/{batch}", batchRef).retrieve().body(RolloutState.class));
    }

    // ---- a merchant's money ----

    public Page<Transaction> transactions(String mid, int page, int size) {
        return transactions(mid, TmsTxnFilter.NONE, page, size);
    }

    public Page<Transaction> transactions(String mid, TmsTxnFilter f, int page, int size) {
        return transactions(mid, f, page, size, null);
    }

    /**
     * The page after a cursor (the {@code next} of the page before; null for the first page), not counted: how a
     * long list is read page after page at the cost of the first page.
     */
    public Page<Transaction> transactionsAfter(String mid, TmsTxnFilter f, String after, int size) {
        return transactions(mid, f, 0, size, after);
    }

    private Page<Transaction> transactions(String mid, TmsTxnFilter f, int page, int size, String after) {
        return call(() -> tms.get()
                .uri(b -> b.path("/merchants/{mid}/transactions")
                        .queryParamIfPresent("from", Optional.ofNullable(f.from()))
                        .queryParamIfPresent("to", Optional.ofNullable(f.to()))
                        .queryParamIfPresent("tid", Optional.ofNullable(f.tid()))
                        .queryParamIfPresent("kind", Optional.ofNullable(f.kind()))
                        .queryParamIfPresent("status", Optional.ofNullable(f.status()))
                        .queryParamIfPresent("cardType", Optional.ofNullable(f.cardType()))
                        .queryParamIfPresent("minFen", Optional.ofNullable(f.minFen()))
                        .queryParamIfPresent("maxFen", Optional.ofNullable(f.maxFen()))
                        .queryParamIfPresent("after", Optional.ofNullable(after))
                        .queryParam("page", page)
                        .queryParam("size", size)
                        .build(mid))
                .retrieve()
                .body(new ParameterizedTypeReference<Page<Transaction>>() {}));
    }

    /** One transaction of this merchant; empty when there is none with this id for this MID (another merchant's). */
    public Optional<TransactionDetail> transaction(String mid, long id) {
        return find(() -> tms.get()
                .uri("/merchants/{mid}/transactions/{id}", mid, id)
                .retrieve()
                .body(TransactionDetail.class));
    }

    public Summary summary(String mid) {
        return call(
                () -> tms.get().uri("/merchants/{mid}/summary", mid).retrieve().body(Summary.class));
    }

    /** Asks the terminal that took the sale to refund it; a refusal carries the TMS's reason (e.g. what is left). */
    public RefundRequest requestRefund(String mid, long txnId, long amountFen, String requestRef, String requestedBy) {
        return call(() -> tms.post()
                .uri("/merchants/{mid}/refund-requests", mid)
                .body(new RefundRequestBody(txnId, amountFen, requestRef, requestedBy))
                .retrieve()
                .body(RefundRequest.class));
    }

    public List<RefundRequest> refundRequests(String mid) {
        return call(() -> tms.get()
                .uri("/merchants/{mid}/refund-requests", mid)
                .retrieve()
                .body(new ParameterizedTypeReference<List<RefundRequest>>() {}));
    }

    public PayoutDetail payout(String mid, long id) {
        return call(() -> tms.get()
                .uri("/merchants/{mid}/payouts/{id}", mid, id)
                .retrieve()
                .body(PayoutDetail.class));
    }

    public List<Payout> payouts(String mid) {
        return call(() -> tms.get()
                .uri("/merchants/{mid}/payouts", mid)
                .retrieve()
                .body(new ParameterizedTypeReference<List<Payout>>() {}));
    }

    public List<Batch> batches(String mid) {
        return call(() -> tms.get()
                .uri("/merchants/{mid}/batches", mid)
                .retrieve()
                .body(new ParameterizedTypeReference<List<Batch>>() {}));
    }

    /** The e-receipt of a token from a receipt's QR code; empty when the token names none. */
    public Optional<Receipt> receipt(String token) {
        return find(
                () -> tms.get().uri("/receipts/{token}", token).retrieve().body(Receipt.class), HttpStatus.BAD_REQUEST);
    }

    // ---- news for every merchant at once (the portal tells each merchant once) ----

    public List<PaidPayout> paidPayouts(LocalDate since) {
        return call(() -> tms.get()
                .uri("/payouts/paid?since={d}", since)
                .retrieve()
                .body(new ParameterizedTypeReference<List<PaidPayout>>() {}));
    }

    public List<FinishedRefund> finishedRefunds(Instant since) {
        return call(() -> tms.get()
                .uri("/refund-requests/finished?since={s}", since.toString())
                .retrieve()
                .body(new ParameterizedTypeReference<List<FinishedRefund>>() {}));
    }

    public List<FleetDevice> silentDevices() {
        return call(() -> tms.get()
                .uri("/devices/silent")
                .retrieve()
                .body(new ParameterizedTypeReference<List<FleetDevice>>() {}));
    }

    // ---- the books ----

    /** The latest runs of the books check, newest first. */
    public List<BooksRun> booksRuns(int limit) {
        return call(() -> tms.get()
                .uri("/books/checks?limit={l}", limit)
                .retrieve()
                .body(new ParameterizedTypeReference<List<BooksRun>>() {}));
    }

    /** Runs the books check now, recorded as asked for by this admin. */
    public void runBooksCheck(String admin) {
        call(() -> tms.post()
                .uri("/books/checks?requestedBy={a}", admin)
                .accept(MediaType.TEXT_PLAIN)
                .retrieve()
                .toBodilessEntity());
    }
}
