package com.shanfu.tms.device;

import com.shanfu.tms.contract.DeviceStatus;
import com.shanfu.tms.merchant.Merchant;
import com.shanfu.tms.web.TmsException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Inventory, assignment and shipping, with every lifecycle transition recorded. */
@Service
public class DeviceService {

    private final DeviceRepository devices;
    private final DeviceEventRepository events;
    private final TerminalModelRepository models;
    private final Clock clock;
    private final Duration codeValidity;
    private final com.shanfu.tms.keys.TerminalKeyRepository keys;

    DeviceService(
            DeviceRepository devices,
            DeviceEventRepository events,
            TerminalModelRepository models,
            Clock clock,
            @Value("${shanfu.activation.code-validity}") Duration codeValidity,
            com.shanfu.tms.keys.TerminalKeyRepository keys,
            FactoryKeys factoryKeys) {
        this.factoryKeys = factoryKeys;
        this.keys = keys;
        this.devices = devices;
        this.events = events;
        this.models = models;
        this.clock = clock;
        this.codeValidity = codeValidity;
    }

    private final FactoryKeys factoryKeys;

    public record Shipment(Device device, String activationCode, Instant activationExpiresAt) {}

    @Transactional
    public Device addToStock(String serial, String modelCode, String actor) {
        return addToStock(serial, modelCode, null, actor);
    }

    /**
     * A device into stock with its public key from the factory list (base64 X.509; an activation with any other key
     * is refused). A device imported without one cannot be activated until it is provisioned.
     */
    @Transactional
    public Device addToStock(String serial, String modelCode, String publicKey, String actor) {
        if (serial == null || !serial.matches("[A-Z0-9-]{6,32}")) {
            throw new TmsException(
                    HttpStatus.BAD_REQUEST, "invalid-serial", "serial must be 6-32 characters A-Z, 0-9 or '-'");
        }
        if (!models.existsById(modelCode)) {
            throw new TmsException(HttpStatus.BAD_REQUEST, "unknown-model", "unknown terminal model " + modelCode);
        }
        if (devices.findBySerial(serial).isPresent()) {
            throw new TmsException(
                    HttpStatus.CONFLICT, "duplicate-serial", "serial " + serial + " is already registered");
        }
        Device d = new Device(serial, modelCode);
        if (publicKey != null && !publicKey.isBlank()) {
            FactoryKeys.register(d, publicKey);
        }
        d = devices.save(d);
        events.save(new DeviceEvent(
                d.id(),
                null,
                DeviceStatus.IN_STOCK,
                actor,
                d.deviceKeySha256() == null
                        ? "added to stock"
                        : "added to stock, device key " + d.deviceKeySha256().substring(0, 16),
                clock.instant()));
        return d;
    }

    /**
     * Takes a device of the model from stock for the merchant, allocates its TID and issues a one-time activation
     * code. Repeating the call with the same shipment reference returns the same device with a fresh code.
     */
    @Transactional
    public Shipment ship(Merchant merchant, String modelCode, String shipmentRef, String actor) {
        return ship(merchant, modelCode, null, shipmentRef, actor);
    }

    /** As {@link #ship(Merchant, String, String, String)}, with the device picked by staff when a serial is given. */
    @Transactional
    public Shipment ship(Merchant merchant, String modelCode, String serial, String shipmentRef, String actor) {
        Optional<Device> earlier = devices.findByShipmentRef(shipmentRef);
        Device device;
        if (earlier.isPresent()) {
            device = earlier.get();
            if (device.status() != DeviceStatus.SHIPPED) {
                throw new TmsException(
                        HttpStatus.CONFLICT,
                        "shipment-closed",
                        "shipment " + shipmentRef + " is already " + device.status());
            }
        } else {
            if (!models.existsById(modelCode)) {
                throw new TmsException(HttpStatus.BAD_REQUEST, "unknown-model", "unknown terminal model " + modelCode);
            }
            device = serial == null
                    ? devices.lockInStock(modelCode, PageRequest.of(0, 1)).stream()
                            .findFirst()
                            .orElseThrow(() -> new TmsException(
                                    HttpStatus.CONFLICT,
                                    "out-of-stock",
                                    "no device of model " + modelCode + " is in stock"))
                    : devices.lockBySerial(serial)
                            .filter(d -> d.status() == DeviceStatus.IN_STOCK)
                            .filter(d -> d.modelCode().equals(modelCode))
                            .orElseThrow(() -> new TmsException(
                                    HttpStatus.CONFLICT,
                                    "not-in-stock",
                                    "device " + serial + " is not an in-stock " + modelCode));
            transition(device, DeviceStatus.ASSIGNED, actor, "assigned to merchant " + merchant.mid());
            device.assign(merchant, shipmentRef);
            transition(device, DeviceStatus.SHIPPED, actor, "shipped for " + shipmentRef);
        }
        factoryKeys.provisionForDemo(device);
        String code = Secrets.activationCode();
        Instant expires = clock.instant().plus(codeValidity);
        device.issueActivationCode(Secrets.hash(device.serial(), code), expires);
        return new Shipment(device, code, expires);
    }

    /**
     * Swaps a merchant's device: the old one is retired, its keys destroyed and its credential revoked (it is refused
     * on both channels from now on); a device from stock is shipped to the same merchant with a new activation code,
     * and activates like any other.
     */
    @Transactional
    public Shipment replace(String serial, String reason, String actor) {
        requireReason(reason);
        Device old = devices.lockBySerial(serial)
                .orElseThrow(() ->
                        new TmsException(HttpStatus.NOT_FOUND, "unknown-serial", "no device with serial " + serial));
        if (old.merchant() == null || old.status() == DeviceStatus.RETIRED || old.status() == DeviceStatus.IN_STOCK) {
            throw new TmsException(
                    HttpStatus.CONFLICT,
                    "not-replaceable",
                    "device " + serial + " is " + old.status()
                            + (old.merchant() == null ? " and belongs to no merchant" : ""));
        }
        Shipment next = ship(old.merchant(), old.modelCode(), null, "replace-" + serial + "-" + old.id(), actor);
        transition(
                old, DeviceStatus.RETIRED, actor, "replaced by " + next.device().serial() + ": " + reason.strip());
        keys.findById(old.id()).ifPresent(keys::delete);
        old.bind(null);
        return next;
    }

    /** A new activation code for a device that was shipped and is not activated yet; the earlier code stops working. */
    @Transactional
    public Shipment reissueActivationCode(String serial, String actor) {
        Device d = devices.lockBySerial(serial)
                .orElseThrow(() ->
                        new TmsException(HttpStatus.NOT_FOUND, "unknown-serial", "no device with serial " + serial));
        if (d.status() != DeviceStatus.SHIPPED) {
            throw new TmsException(
                    HttpStatus.CONFLICT,
                    "not-shipped",
                    "device " + serial + " is " + d.status()
                            + ": only a shipped device waiting for activation gets a new code");
        }
        d.merchant().mid(); // loaded within the transaction (open-in-view is off)
        return ship(d.merchant(), d.modelCode(), null, d.shipmentRef(), actor);
    }

    /** Every operator's change says why: 1-200 characters. */
    public static void requireReason(String reason) {
        if (reason == null || reason.isBlank() || reason.length() > 200) {
            throw new TmsException(HttpStatus.BAD_REQUEST, "reason-required", "say why (1-200 characters)");
        }
    }

    /** An operator's lifecycle change (suspend, resume, retire), with who and why. */
    @Transactional
    public Device changeStatus(String serial, DeviceStatus to, String actor, String reason) {
        requireReason(reason);
        Device d = devices.lockBySerial(serial)
                .orElseThrow(() ->
                        new TmsException(HttpStatus.NOT_FOUND, "unknown-serial", "no device with serial " + serial));
        transition(d, to, actor, reason.strip());
        return d;
    }

    void transition(Device device, DeviceStatus to, String actor, String reason) {
        DeviceStatus from;
        try {
            from = device.moveTo(to);
        } catch (IllegalStateException e) {
            throw new TmsException(HttpStatus.CONFLICT, "illegal-transition", e.getMessage());
        }
        events.save(new DeviceEvent(device.id(), from, to, actor, reason, clock.instant()));
    }

    /** The TIDs of these devices, in one query. */
    @Transactional(readOnly = true)
    public java.util.Map<Long, String> tidsOf(java.util.Collection<Long> deviceIds) {
        java.util.Map<Long, String> tids = new java.util.HashMap<>();
        devices.findAllById(deviceIds).forEach(d -> tids.put(d.id(), d.tid()));
        return tids;
    }

    @Transactional(readOnly = true)
    public Device bySerial(String serial) {
        Device d = devices.findBySerial(serial)
                .orElseThrow(() ->
                        new TmsException(HttpStatus.NOT_FOUND, "unknown-serial", "no device with serial " + serial));
        if (d.merchant() != null) {
            d.merchant().mid(); // load within the transaction (open-in-view is off)
        }
        return d;
    }

    public long inStock() {
        return devices.countByStatus(DeviceStatus.IN_STOCK);
    }

    @Transactional(readOnly = true)
    public long inStock(String modelCode) {
        return devices.countByModelCodeAndStatus(modelCode, DeviceStatus.IN_STOCK);
    }

    @Transactional(readOnly = true)
    public java.util.List<Device> stock(String modelCode, int limit) {
        return devices.findByModelCodeAndStatusOrderById(modelCode, DeviceStatus.IN_STOCK, PageRequest.of(0, limit))
                .getContent();
    }
}
