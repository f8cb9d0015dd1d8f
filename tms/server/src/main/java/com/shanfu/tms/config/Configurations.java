package com.shanfu.tms.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.shanfu.tms.contract.ConfigKey;
import com.shanfu.tms.contract.DeviceStatus;
import com.shanfu.tms.contract.OverrideSettings;
import com.shanfu.tms.contract.PublishedVersion;
import com.shanfu.tms.contract.Rollout;
import com.shanfu.tms.contract.Scope;
import com.shanfu.tms.contract.TaskKind;
import com.shanfu.tms.device.Device;
import com.shanfu.tms.device.DeviceRepository;
import com.shanfu.tms.web.TmsException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The configuration of every terminal: a versioned template, overrides per model, region (merchant city), merchant and
 * terminal (the narrowest wins), and what the TMS knows itself (merchant name and city for receipts, the host).
 * Publishing a version or changing an override pushes the new configuration to every terminal it affects.
 */
@Service
public class Configurations {

    /** The settings a configuration may hold, with the type each must have. */
    static final Map<String, Class<?>> SETTINGS = settings();

    private final ConfigVersionRepository versions;
    private final ConfigOverrideRepository overrides;
    private final DeviceRepository devices;
    private final PushTasks tasks;
    private final ObjectMapper json;
    private final Clock clock;
    private final String hostAddress;
    private final int hostPort;
    private final Map<Integer, PublishedVersion> published = new java.util.concurrent.ConcurrentHashMap<>();

    Configurations(
            ConfigVersionRepository versions,
            ConfigOverrideRepository overrides,
            DeviceRepository devices,
            PushTasks tasks,
            ObjectMapper json,
            Clock clock,
            @Value("${shanfu.iso.public-host}") String hostAddress,
            @Value("${shanfu.iso.public-port}") int hostPort) {
        this.versions = versions;
        this.overrides = overrides;
        this.devices = devices;
        this.tasks = tasks;
        this.json = json;
        this.clock = clock;
        this.hostAddress = hostAddress;
        this.hostPort = hostPort;
    }

    @Transactional(readOnly = true)
    public PublishedVersion current() {
        return version(versions.latestVersion().orElseThrow());
    }

    /**
     * A published version. Versions are never changed once published, so each is read and parsed once per process;
     * its settings are shared, and unmodifiable.
     */
    private PublishedVersion version(int number) {
        return published.computeIfAbsent(number, n -> {
            PublishedVersion v = toVersion(versions.findById(n).orElseThrow());
            return new PublishedVersion(
                    v.version(),
                    java.util.Collections.unmodifiableMap(v.settings()),
                    v.note(),
                    v.publishedBy(),
                    v.publishedAt());
        });
    }

    @Transactional(readOnly = true)
    public List<PublishedVersion> history() {
        return versions.findAllByOrderByVersionDesc().stream()
                .map(this::toVersion)
                .toList();
    }

    @Transactional(readOnly = true)
    public List<OverrideSettings> overrides() {
        return overrides.findAllByOrderByScopeAscScopeKeyAsc().stream()
                .map(o -> new OverrideSettings(o.scope(), o.scopeKey(), read(o.settingsJson())))
                .toList();
    }

    /** Publishes the template as the next version; every active terminal gets a configuration task. */
    @Transactional
    public Rollout publish(Map<String, Object> settings, String note, String actor) {
        validate(settings, true);
        if (note == null || note.isBlank() || note.length() > 200) {
            throw new TmsException(
                    HttpStatus.BAD_REQUEST, "note-required", "say why the configuration changes (1-200 characters)");
        }
        int next = current().version() + 1;
        versions.save(new ConfigVersion(next, write(settings), note.strip(), actor, clock.instant()));
        return pushTo("ALL", null, next, actor);
    }

    /** Sets (or with empty settings removes) the override of a group or terminal; its terminals get the new config. */
    @Transactional
    public Rollout override(String scope, String key, Map<String, Object> settings, String actor) {
        Scope s = Scope.of(scope)
                .filter(x -> x != Scope.ALL)
                .orElseThrow(() -> new TmsException(
                        HttpStatus.BAD_REQUEST,
                        "unknown-scope",
                        "scope must be one of MODEL, REGION, MERCHANT, TERMINAL")); // ALL is the template
        if (key == null || key.isBlank() || key.length() > 64) {
            throw new TmsException(HttpStatus.BAD_REQUEST, "invalid-key", "the group key must be 1-64 characters");
        }
        validate(settings, false);
        var existing = overrides.findByScopeAndScopeKey(s, key);
        if (settings.isEmpty()) {
            existing.ifPresent(overrides::delete);
        } else if (existing.isPresent()) {
            existing.get().replace(write(settings), actor, clock.instant());
        } else {
            overrides.save(new ConfigOverride(s, key, write(settings), actor, clock.instant()));
        }
        return pushTo(s.name(), key, current().version(), actor);
    }

    private Rollout pushTo(String scope, String key, int version, String actor) {
        String batch = "config-v" + version + "-" + UUID.randomUUID().toString().substring(0, 8);
        List<Device> affected = devices.inGroup(DeviceStatus.ACTIVE, scope, key);
        Map<String, Object> template = version(version).settings();
        Map<Scope, Map<String, Map<String, Object>>> all = new java.util.EnumMap<>(Scope.class);
        for (ConfigOverride o : overrides.findAllByOrderByScopeAscScopeKeyAsc()) {
            all.computeIfAbsent(o.scope(), x -> new java.util.HashMap<>()).put(o.scopeKey(), read(o.settingsJson()));
        }
        Map<Long, String> payloads = new LinkedHashMap<>();
        for (Device d : affected) {
            Map<String, Object> settings = effective(
                    d, template, (s, k) -> all.getOrDefault(s, Map.of()).get(k));
            payloads.put(d.id(), write(Map.of("version", version, "settings", settings)));
        }
        tasks.createAll(TaskKind.CONFIG, payloads, batch, actor);
        return new Rollout(batch, version, affected.size());
    }

    /** What this terminal should run with: the template of the version, then the overrides, narrowest last. */
    @Transactional(readOnly = true)
    public Map<String, Object> effective(Device d, int version) {
        List<String> keys = java.util.stream.Stream.of(
                        d.modelCode(),
                        d.serial(),
                        d.merchant() == null ? null : d.merchant().city(),
                        d.merchant() == null ? null : d.merchant().mid())
                .filter(java.util.Objects::nonNull)
                .toList();
        Map<Scope, Map<String, ConfigOverride>> found = new java.util.EnumMap<>(Scope.class);
        for (ConfigOverride o : overrides.withKeys(keys)) { // one query for the four groups the terminal is in
            found.computeIfAbsent(o.scope(), x -> new java.util.HashMap<>()).put(o.scopeKey(), o);
        }
        return effective(d, version(version).settings(), (scope, key) -> {
            ConfigOverride o = found.getOrDefault(scope, Map.of()).get(key);
            return o == null ? null : read(o.settingsJson());
        });
    }

    private Map<String, Object> effective(
            Device d,
            Map<String, Object> template,
            java.util.function.BiFunction<Scope, String, Map<String, Object>> override) {
        Map<String, Object> s = new LinkedHashMap<>(template);
        overrideWith(s, override, Scope.MODEL, d.modelCode());
        if (d.merchant() != null) {
            overrideWith(s, override, Scope.REGION, d.merchant().city());
            overrideWith(s, override, Scope.MERCHANT, d.merchant().mid());
            s.putIfAbsent("merchantName", d.merchant().name());
            s.putIfAbsent("merchantCity", d.merchant().city());
        }
        overrideWith(s, override, Scope.TERMINAL, d.serial());
        s.putIfAbsent("hostAddress", hostAddress);
        s.putIfAbsent("hostPort", hostPort);
        return s;
    }

    private static void overrideWith(
            Map<String, Object> s,
            java.util.function.BiFunction<Scope, String, Map<String, Object>> override,
            Scope scope,
            String key) {
        if (key != null) {
            Map<String, Object> o = override.apply(scope, key);
            if (o != null) {
                s.putAll(o);
            }
        }
    }

    /** Known names with values of the right type (and sane limits); the template must hold the essentials. */
    static void validate(Map<String, Object> settings, boolean template) {
        if (settings == null) {
            throw new TmsException(HttpStatus.BAD_REQUEST, "invalid-settings", "settings are required");
        }
        for (Map.Entry<String, Object> e : settings.entrySet()) {
            Class<?> type = SETTINGS.get(e.getKey());
            if (type == null) {
                throw new TmsException(
                        HttpStatus.BAD_REQUEST,
                        "unknown-setting",
                        "unknown setting " + e.getKey() + "; known: " + String.join(", ", SETTINGS.keySet()));
            }
            Object v = e.getValue();
            boolean ok = type == Long.class ? v instanceof Number n && n.longValue() >= 0 : type.isInstance(v);
            if (!ok) {
                throw new TmsException(
                        HttpStatus.BAD_REQUEST,
                        "invalid-setting",
                        e.getKey() + " must be a "
                                + (type == Long.class
                                        ? "non-negative number"
                                        : type.getSimpleName().toLowerCase()));
            }
        }
        if (settings.get("currency") instanceof String c && !c.matches("\\d{3}")) {
            throw new TmsException(
                    HttpStatus.BAD_REQUEST, "invalid-setting", "currency is an ISO 4217 numeric code, e.g. 156");
        }
        if (settings.get("autoSettlementTime") instanceof String t && !t.matches("([01]\\d|2[0-3]):[0-5]\\d")) {
            throw new TmsException(HttpStatus.BAD_REQUEST, "invalid-setting", "autoSettlementTime is HH:MM");
        }
        if (template) {
            for (String required :
                    List.of("currency", "country", "contactlessTransactionLimitFen", "cvmRequiredLimitFen", "aids")) {
                if (!settings.containsKey(required)) {
                    throw new TmsException(HttpStatus.BAD_REQUEST, "missing-setting", "the template needs " + required);
                }
            }
        }
    }

    private static Map<String, Class<?>> settings() {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        for (ConfigKey k : ConfigKey.values()) {
            m.put(k.key(), k.type());
        }
        return java.util.Collections.unmodifiableMap(m);
    }

    private PublishedVersion toVersion(ConfigVersion v) {
        return new PublishedVersion(v.version(), read(v.settingsJson()), v.note(), v.publishedBy(), v.publishedAt());
    }

    private Map<String, Object> read(String s) {
        try {
            return json.readValue(s, new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored configuration unreadable", e);
        }
    }

    private String write(Map<String, Object> s) {
        try {
            return json.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
