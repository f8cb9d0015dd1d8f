package com.shanfu.portal.fleet;

import com.shanfu.portal.i18n.Formats;
import com.shanfu.portal.security.CurrentUser;
import com.shanfu.portal.tms.TmsFailure;
import com.shanfu.portal.tms.TmsRefused;
import com.shanfu.portal.ui.MainLayout;
import com.shanfu.tms.contract.DeviceChange;
import com.shanfu.tms.contract.DeviceLog;
import com.shanfu.tms.contract.DeviceStatus;
import com.shanfu.tms.contract.FleetDevice;
import com.shanfu.tms.contract.PublishedVersion;
import com.shanfu.tms.contract.Replacement;
import com.shanfu.tms.contract.Rollout;
import com.shanfu.tms.contract.RolloutState;
import com.shanfu.tms.contract.Scope;
import com.shanfu.tms.contract.SoftwareRollout;
import com.shanfu.tms.contract.SoftwareVersion;
import com.shanfu.tms.contract.Task;
import com.shanfu.tms.contract.TaskKind;
import com.shanfu.tms.contract.TaskState;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import com.vaadin.flow.shared.Registration;
import jakarta.annotation.security.RolesAllowed;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

// Longer than 300 lines: the operators' page: device, group and configuration actions share its message area and
// rollout progress.
/**
 * Admin: the terminal fleet as the TMS sees it — devices with health, suspend / resume one or a group, push a task to
 * a group, publish a configuration version — with the progress of each rollout while terminals apply it.
 */
@Route(value = "admin/fleet", layout = MainLayout.class)
@RolesAllowed("admin")
public class FleetView extends Div implements HasDynamicTitle {

    private final FleetService fleet;
    private final Grid<FleetDevice> grid = new Grid<>();
    private final ComboBox<DeviceStatus> status = new ComboBox<>();
    private final ComboBox<String> network = new ComboBox<>();
    private final Paragraph message = new Paragraph();
    private final ProgressBar progress = new ProgressBar();
    private final Span progressText = new Span();
    private Registration polling;

    public FleetView(FleetService fleet) {
        this.fleet = fleet;
        addClassName("sf-page");
        getStyle().set("max-width", "none");
        message.setId("fleet-message");
        progress.setVisible(false);
        progress.setId("rollout-progress");
        progressText.setId("rollout-text");

        status.setLabel(getTranslation("review.status"));
        status.setItems(
                DeviceStatus.ACTIVE,
                DeviceStatus.SUSPENDED,
                DeviceStatus.SHIPPED,
                DeviceStatus.IN_STOCK,
                DeviceStatus.RETIRED);
        status.setClearButtonVisible(true);
        status.setId("fleet-status");
        status.setValue(DeviceStatus.ACTIVE); // what operators look after; the stock is on the inventory page
        status.addValueChangeListener(e -> grid.getDataProvider().refreshAll());
        network.setLabel(getTranslation("fleet.network"));
        network.setItems("WIFI", "CELLULAR", "ETHERNET");
        network.setItemLabelGenerator(l -> getTranslation("fleet.network." + l.toLowerCase()));
        network.setClearButtonVisible(true);
        network.setPlaceholder(getTranslation("fleet.network.any"));
        network.setId("fleet-network");
        network.addValueChangeListener(e -> grid.getDataProvider().refreshAll());
        grid.addColumn(FleetDevice::serial)
                .setHeader(getTranslation("inventory.serial"))
                .setAutoWidth(true);
        grid.addColumn(FleetDevice::model)
                .setHeader(getTranslation("inventory.model"))
                .setAutoWidth(true);
        grid.addColumn(FleetDevice::status)
                .setHeader(getTranslation("review.status"))
                .setAutoWidth(true);
        grid.addColumn(FleetDevice::tid).setHeader("TID").setAutoWidth(true);
        grid.addColumn(FleetDevice::mid).setHeader(getTranslation("review.mid")).setAutoWidth(true);
        grid.addColumn(FleetDevice::merchantCity)
                .setHeader(getTranslation("review.city"))
                .setAutoWidth(true);
        grid.addColumn(d -> (d.lastSeenAt() == null ? "—" : Formats.dateTime(d.lastSeenAt(), getLocale()))
                        + (d.silent() ? " ⚠" : ""))
                .setHeader(getTranslation("fleet.last-seen"))
                .setAutoWidth(true);
        grid.addColumn(FleetDevice::softwareVersion)
                .setHeader(getTranslation("fleet.software"))
                .setAutoWidth(true);
        grid.addColumn(FleetDevice::configVersion)
                .setHeader(getTranslation("fleet.config"))
                .setAutoWidth(true);
        grid.addColumn(FleetDevice::lastBatch)
                .setHeader(getTranslation("merchant.batch"))
                .setAutoWidth(true);
        grid.addColumn(this::networkText)
                .setHeader(getTranslation("fleet.network"))
                .setAutoWidth(true);
        grid.setItems(q -> {
            try {
                return fleet
                        .devices(status.getValue(), null, null, network.getValue(), q.getPage(), q.getPageSize())
                        .items()
                        .stream();
            } catch (TmsFailure e) {
                return java.util.stream.Stream.empty();
            }
        });
        grid.setPageSize(50);
        grid.addItemClickListener(e -> tasksOf(e.getItem().serial()));
        grid.setHeight("50vh");
        grid.setId("fleet");

        add(
                new H2(getTranslation("fleet.heading")),
                message,
                progress,
                progressText,
                new HorizontalLayout(status, network),
                grid,
                deviceActions(),
                new H3(getTranslation("fleet.groups")),
                groupActions(),
                new H3(getTranslation("fleet.software-heading")),
                software(),
                new H3(getTranslation("fleet.configuration")),
                configuration());
    }

    /** "Wi-Fi · −56 dBm" as its last heartbeat said; "—" when it did not say. */
    private String networkText(FleetDevice d) {
        if (d.connectivity() == null) {
            return "—";
        }
        String link = getTranslation("fleet.network." + d.connectivity().toLowerCase());
        return d.signalDbm() == null ? link : link + " · " + d.signalDbm() + " dBm";
    }

    /** Suspend or resume one terminal by its serial, with the reason. */
    private HorizontalLayout deviceActions() {
        TextField serial = new TextField(getTranslation("inventory.serial"));
        serial.setId("device-serial");
        TextField reason = new TextField(getTranslation("fleet.reason"));
        reason.setId("device-reason");
        HorizontalLayout l = new HorizontalLayout(serial, reason);
        for (DeviceChange change : List.of(DeviceChange.SUSPEND, DeviceChange.RESUME)) {
            String action = change.path();
            Button b = new Button(
                    getTranslation("fleet." + action),
                    e -> run(() -> {
                        FleetDevice after = fleet.changeStatus(
                                serial.getValue().strip().toUpperCase(),
                                change,
                                reason.getValue(),
                                CurrentUser.require());
                        return getTranslation("fleet.changed", after.serial(), after.status());
                    }));
            b.setId("device-" + action);
            b.addThemeVariants("suspend".equals(action) ? ButtonVariant.LUMO_ERROR : ButtonVariant.LUMO_SUCCESS);
            l.add(b);
        }
        Button replace = new Button(
                getTranslation("fleet.replace"),
                e -> run(() -> {
                    Replacement r = fleet.replace(
                            serial.getValue().strip().toUpperCase(), reason.getValue(), CurrentUser.require());
                    return getTranslation("fleet.replaced", r.oldSerial(), r.serial(), r.activationCode());
                }));
        replace.setId("device-replace");
        Button askLog = new Button(
                getTranslation("fleet.ask-log"),
                e -> run(() -> {
                    String s = serial.getValue().strip().toUpperCase();
                    Task t = fleet.requestLog(s, CurrentUser.require());
                    return getTranslation("fleet.log-asked", s, t.id());
                }));
        askLog.setId("device-ask-log");
        Button details = new Button(getTranslation("fleet.details"), e -> {
            String s = serial.getValue().strip().toUpperCase();
            if (!s.isEmpty()) {
                tasksOf(s);
            }
        });
        details.setId("device-details");
        l.add(replace, askLog, details);
        l.setAlignItems(FlexComponent.Alignment.BASELINE);
        l.setWrap(true);
        return l;
    }

    private HorizontalLayout groupActions() {
        ComboBox<Scope> scope = new ComboBox<>(
                getTranslation("fleet.scope"), List.of(Scope.ALL, Scope.MODEL, Scope.REGION, Scope.MERCHANT));
        scope.setValue(Scope.MODEL);
        scope.setId("group-scope");
        TextField key = new TextField(getTranslation("fleet.key"));
        key.setId("group-key");
        key.setPlaceholder("SF-Q1 / 上海 / 898…");
        ComboBox<String> action = new ComboBox<>(
                getTranslation("fleet.action"), List.of("suspend", "resume", "SETTLE_NOW", "KEY_ROTATION"));
        action.setItemLabelGenerator(a -> getTranslation("fleet.do." + a.toLowerCase()));
        action.setId("group-action");
        TextField reason = new TextField(getTranslation("fleet.reason"));
        reason.setId("group-reason");
        Button go = new Button(
                getTranslation("fleet.run"),
                e -> run(() -> {
                    String a = action.getValue();
                    if (a == null) {
                        throw new TmsRefused(getTranslation("fleet.choose-action"));
                    }
                    if (a.equals("suspend") || a.equals("resume")) {
                        int n = fleet.changeGroup(
                                scope.getValue(),
                                key.getValue(),
                                DeviceChange.ofPath(a),
                                reason.getValue(),
                                CurrentUser.require());
                        return getTranslation("fleet.group-changed", n);
                    }
                    Rollout r = fleet.pushToGroup(
                            scope.getValue(), key.getValue(), TaskKind.valueOf(a), CurrentUser.require());
                    follow(r);
                    return getTranslation("fleet.pushed", r.terminals());
                }));
        go.setId("group-run");
        go.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout l = new HorizontalLayout(scope, key, action, reason, go);
        l.setAlignItems(FlexComponent.Alignment.BASELINE);
        l.setWrap(true);
        return l;
    }

    /**
     * Software: the packages the TMS keeps, a staged rollout of one to a share of a group (pausing by itself past its
     * failure rate), and each rollout's progress per task state with pause, resume (to a larger share) and roll back.
     */
    private Div software() {
        Grid<SoftwareVersion> versions = new Grid<>();
        versions.addColumn(SoftwareVersion::version)
                .setHeader(getTranslation("fleet.software"))
                .setAutoWidth(true);
        versions.addColumn(v -> String.format("%.1f MB", v.sizeBytes() / 1e6))
                .setHeader(getTranslation("fleet.log-size"))
                .setAutoWidth(true);
        versions.addColumn(v -> v.sha256().substring(0, 16) + "…")
                .setHeader("SHA-256")
                .setAutoWidth(true);
        versions.addColumn(v -> v.uploadedBy() + ", " + Formats.dateTime(v.uploadedAt(), getLocale()))
                .setHeader(getTranslation("fleet.uploaded"))
                .setFlexGrow(1);
        versions.setAllRowsVisible(true);
        versions.setId("software-versions");
        ComboBox<String> version = new ComboBox<>(getTranslation("fleet.software"));
        version.setId("software-version");
        ComboBox<Scope> scope = new ComboBox<>(
                getTranslation("fleet.scope"),
                List.of(Scope.ALL, Scope.MODEL, Scope.REGION, Scope.MERCHANT, Scope.TERMINAL));
        scope.setValue(Scope.MODEL);
        scope.setId("software-scope");
        TextField key = new TextField(getTranslation("fleet.key"));
        key.setId("software-key");
        IntegerField percent = new IntegerField(getTranslation("fleet.percent"));
        percent.setValue(10);
        percent.setMin(1);
        percent.setMax(100);
        percent.setId("software-percent");
        IntegerField maxFailure = new IntegerField(getTranslation("fleet.max-failure"));
        maxFailure.setValue(10);
        maxFailure.setMin(0);
        maxFailure.setMax(100);
        maxFailure.setId("software-max-failure");
        Grid<SoftwareRollout> rollouts = new Grid<>();
        IntegerField resumeTo = new IntegerField(getTranslation("fleet.resume-percent"));
        resumeTo.setId("software-resume-percent");
        Runnable refresh = () -> {
            try {
                List<SoftwareVersion> kept = fleet.softwareVersions();
                versions.setItems(kept);
                version.setItems(kept.stream().map(SoftwareVersion::version).toList());
                rollouts.setItems(fleet.softwareRollouts());
            } catch (TmsFailure e) {
                rollouts.setItems(List.of());
            }
        };
        Button start = new Button(
                getTranslation("fleet.roll-out"),
                e -> run(() -> {
                    SoftwareRollout r = fleet.rollOut(
                            new SoftwareRollout.Start(
                                    version.getValue(),
                                    scope.getValue(),
                                    key.getValue(),
                                    percent.getValue(),
                                    maxFailure.getValue()),
                            CurrentUser.require());
                    refresh.run();
                    return getTranslation("fleet.rolled-out", r.version(), r.batchRef(), tasksOf(r));
                }));
        start.setId("software-rollout");
        start.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        rollouts.addColumn(SoftwareRollout::batchRef).setHeader("#").setAutoWidth(true);
        rollouts.addColumn(SoftwareRollout::version)
                .setHeader(getTranslation("fleet.software"))
                .setAutoWidth(true);
        rollouts.addColumn(r -> r.scope() + (r.key() == null ? "" : " " + r.key()) + " · " + r.percent() + "% / "
                        + r.groupSize())
                .setHeader(getTranslation("fleet.scope"))
                .setAutoWidth(true);
        rollouts.addColumn(r -> getTranslation("fleet.rollout." + r.status().toLowerCase())
                        + (r.statusReason() == null ? "" : " — " + r.statusReason()))
                .setHeader(getTranslation("review.status"))
                .setFlexGrow(1);
        rollouts.addColumn(r -> getTranslation(
                        "fleet.rollout-progress",
                        r.progress().getOrDefault(TaskState.APPLIED, 0L),
                        r.progress().getOrDefault(TaskState.FAILED, 0L),
                        r.progress().getOrDefault(TaskState.DELIVERED, 0L),
                        r.progress().getOrDefault(TaskState.PENDING, 0L),
                        r.progress().getOrDefault(TaskState.HELD, 0L)))
                .setHeader(getTranslation("fleet.progress-heading"))
                .setAutoWidth(true);
        rollouts.addComponentColumn(r -> {
                    HorizontalLayout actions = new HorizontalLayout();
                    for (String action : List.of("pause", "resume", "rollback")) {
                        Button b = new Button(
                                switch (action) {
                                    case "pause" -> getTranslation("fleet.rollout-pause");
                                    case "resume" -> getTranslation("fleet.rollout-resume");
                                    default -> getTranslation("fleet.rollout-rollback");
                                },
                                e -> run(() -> {
                                    SoftwareRollout after = fleet.rolloutAction(
                                            r.batchRef(),
                                            action,
                                            action.equals("resume") ? resumeTo.getValue() : null,
                                            CurrentUser.require());
                                    refresh.run();
                                    return getTranslation(
                                            "fleet.rollout-now",
                                            after.batchRef(),
                                            getTranslation("fleet.rollout."
                                                    + after.status().toLowerCase()));
                                }));
                        b.setId("rollout-" + action + "-" + r.batchRef());
                        b.addThemeVariants(ButtonVariant.LUMO_SMALL);
                        b.setEnabled(!r.status().equals("ROLLED_BACK")
                                && !(action.equals("pause") && !r.status().equals("RUNNING")));
                        actions.add(b);
                    }
                    return actions;
                })
                .setAutoWidth(true);
        rollouts.setAllRowsVisible(true);
        rollouts.setId("software-rollouts");
        Button reload = new Button(getTranslation("fleet.refresh"), e -> refresh.run());
        reload.setId("software-refresh");
        refresh.run();
        HorizontalLayout form = new HorizontalLayout(version, scope, key, percent, maxFailure, start);
        form.setAlignItems(FlexComponent.Alignment.BASELINE);
        form.setWrap(true);
        HorizontalLayout below = new HorizontalLayout(resumeTo, reload);
        below.setAlignItems(FlexComponent.Alignment.BASELINE);
        return new Div(versions, form, rollouts, below);
    }

    private static long tasksOf(SoftwareRollout r) {
        return r.progress().values().stream().mapToLong(Long::longValue).sum();
    }

    private Div configuration() {
        TextArea settings = new TextArea(getTranslation("fleet.settings"));
        settings.setId("config-settings");
        settings.setWidthFull();
        settings.getStyle().set("font-family", "monospace");
        Paragraph version = new Paragraph();
        version.setId("config-version");
        try {
            FleetService.Template template = fleet.template();
            settings.setValue(template.settingsJson());
            version.setText(getTranslation("fleet.version", template.version()));
        } catch (TmsFailure e) {
            version.setText(getTranslation("case.tms-offline"));
        }
        TextField note = new TextField(getTranslation("rules.note"));
        note.setId("config-note");
        note.setWidth("30em");
        Button publish = new Button(
                getTranslation("fleet.publish"),
                e -> run(() -> {
                    Rollout r = fleet.publish(settings.getValue(), note.getValue(), CurrentUser.require());
                    version.setText(getTranslation("fleet.version", r.version()));
                    follow(r);
                    return getTranslation("fleet.published", r.version(), r.terminals());
                }));
        publish.setId("config-publish");
        publish.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout l = new HorizontalLayout(note, publish);
        l.setAlignItems(FlexComponent.Alignment.BASELINE);

        ComboBox<Scope> scope = new ComboBox<>(
                getTranslation("fleet.scope"), List.of(Scope.MODEL, Scope.REGION, Scope.MERCHANT, Scope.TERMINAL));
        scope.setValue(Scope.MODEL);
        scope.setId("override-scope");
        TextField key = new TextField(getTranslation("fleet.key"));
        key.setId("override-key");
        TextField override = new TextField(getTranslation("fleet.override"));
        override.setId("override-settings");
        override.setPlaceholder("{\"receiptFooter\": \"…\"}");
        override.setWidth("28em");
        Button save = new Button(
                getTranslation("fleet.override-save"),
                e -> run(() -> {
                    Rollout r = fleet.override(
                            scope.getValue(), key.getValue().strip(), override.getValue(), CurrentUser.require());
                    follow(r);
                    return getTranslation("fleet.overridden", r.terminals());
                }));
        save.setId("override-save");
        HorizontalLayout o = new HorizontalLayout(scope, key, override, save);
        o.setAlignItems(FlexComponent.Alignment.BASELINE);
        o.setWrap(true);

        Grid<PublishedVersion> versions = new Grid<>();
        versions.addColumn(PublishedVersion::version)
                .setHeader(getTranslation("rules.version"))
                .setAutoWidth(true);
        versions.addColumn(v -> Formats.dateTime(v.publishedAt(), getLocale()))
                .setHeader(getTranslation("case.at"))
                .setAutoWidth(true);
        versions.addColumn(PublishedVersion::publishedBy)
                .setHeader(getTranslation("case.staff"))
                .setAutoWidth(true);
        versions.addColumn(PublishedVersion::note)
                .setHeader(getTranslation("rules.note"))
                .setFlexGrow(1);
        versions.setAllRowsVisible(true);
        try {
            versions.setItems(fleet.versions());
        } catch (TmsFailure e) {
            versions.setItems(List.of());
        }
        return new Div(
                version,
                settings,
                l,
                new H3(getTranslation("fleet.overrides")),
                o,
                new H3(getTranslation("rules.history")),
                versions);
    }

    /** A terminal's push tasks and how far each got. */
    private void tasksOf(String serial) {
        com.vaadin.flow.component.dialog.Dialog d = new com.vaadin.flow.component.dialog.Dialog();
        d.setHeaderTitle(getTranslation("fleet.tasks-of", serial));
        Grid<Task> g = new Grid<>();
        g.addColumn(Task::id).setHeader("#").setAutoWidth(true);
        g.addColumn(Task::kind).setHeader(getTranslation("fleet.action")).setAutoWidth(true);
        g.addColumn(Task::status).setHeader(getTranslation("review.status")).setAutoWidth(true);
        g.addColumn(Task::attempts).setHeader(getTranslation("fleet.attempts")).setAutoWidth(true);
        g.addColumn(t -> t.finishedAt() == null ? "" : Formats.dateTime(t.finishedAt(), getLocale()))
                .setHeader(getTranslation("case.at"))
                .setAutoWidth(true);
        g.addColumn(Task::reason).setHeader(getTranslation("rules.reason")).setFlexGrow(1);
        try {
            g.setItems(fleet.tasks(serial));
        } catch (TmsFailure e) {
            g.setItems(List.of());
        }
        g.setId("device-tasks");
        g.setAllRowsVisible(true);
        d.add(g, new H3(getTranslation("fleet.logs")), logsOf(serial));
        d.setWidth("60em");
        d.getFooter().add(new Button(getTranslation("review.cancel"), e -> d.close()));
        d.open();
    }

    /** The logs a terminal uploaded: size, lines, what the TMS still had to hide; shown here or downloaded. */
    private Div logsOf(String serial) {
        Div shown = new Div();
        shown.setId("device-log-text");
        shown.getStyle()
                .set("white-space", "pre-wrap")
                .set("font-family", "monospace")
                .set("font-size", "var(--lumo-font-size-xs)")
                .set("max-height", "40vh")
                .set("overflow", "auto");
        Grid<DeviceLog> g = new Grid<>();
        g.addColumn(l -> Formats.dateTime(l.receivedAt(), getLocale()))
                .setHeader(getTranslation("fleet.log-received"))
                .setAutoWidth(true);
        g.addColumn(DeviceLog::taskId).setHeader("#").setAutoWidth(true);
        g.addColumn(DeviceLog::bytes)
                .setHeader(getTranslation("fleet.log-size"))
                .setAutoWidth(true);
        g.addColumn(DeviceLog::lines)
                .setHeader(getTranslation("fleet.log-lines"))
                .setAutoWidth(true);
        g.addColumn(DeviceLog::redacted)
                .setHeader(getTranslation("fleet.log-redacted"))
                .setAutoWidth(true);
        g.addComponentColumn(l -> {
                    Button show =
                            new Button(getTranslation("fleet.log-show"), e -> shown.setText(fleet.log(serial, l.id())));
                    show.setId("device-log-show-" + l.id());
                    show.addThemeVariants(ButtonVariant.LUMO_SMALL);
                    Anchor download = new Anchor(
                            DownloadHandler.fromInputStream(event -> {
                                byte[] text = fleet.log(serial, l.id()).getBytes(StandardCharsets.UTF_8);
                                return new DownloadResponse(
                                        new ByteArrayInputStream(text),
                                        serial + "-log-" + l.taskId() + ".txt",
                                        "text/plain;charset=UTF-8",
                                        text.length);
                            }),
                            getTranslation("fleet.log-download"));
                    download.setId("device-log-download-" + l.id());
                    return new HorizontalLayout(show, download);
                })
                .setAutoWidth(true);
        List<DeviceLog> logs;
        try {
            logs = fleet.logs(serial);
        } catch (TmsFailure e) {
            logs = List.of();
        }
        g.setItems(logs);
        g.setAllRowsVisible(true);
        g.setId("device-logs");
        Paragraph none = new Paragraph(getTranslation("fleet.no-logs"));
        none.setVisible(logs.isEmpty());
        return new Div(none, g, shown);
    }

    /** Shows how far a rollout got, refreshed every second until every task is applied or failed. */
    private void follow(Rollout r) {
        UI ui = UI.getCurrent();
        if (polling != null) {
            polling.remove();
        }
        progress.setVisible(true);
        progress.setValue(0);
        ui.setPollInterval(1000);
        Runnable update = () -> {
            RolloutState s = fleet.rollout(r.batchRef());
            Map<TaskState, Long> p = s.progress();
            long done = p.getOrDefault(TaskState.APPLIED, 0L) + p.getOrDefault(TaskState.FAILED, 0L);
            progress.setValue(r.terminals() == 0 ? 1 : (double) done / r.terminals());
            progressText.setText(getTranslation(
                    "fleet.progress",
                    p.getOrDefault(TaskState.APPLIED, 0L),
                    p.getOrDefault(TaskState.FAILED, 0L),
                    p.getOrDefault(TaskState.DELIVERED, 0L),
                    p.getOrDefault(TaskState.PENDING, 0L),
                    r.batchRef()));
            if (done >= r.terminals()) {
                ui.setPollInterval(-1);
                polling.remove();
                polling = null;
            }
        };
        polling = ui.addPollListener(e -> update.run());
        update.run();
    }

    private void run(Supplier<String> work) {
        try {
            String done = work.get();
            message.setText(done);
            message.setClassName("sf-message-ok");
            Notification.show(done).addThemeVariants(NotificationVariant.LUMO_SUCCESS);
            grid.getDataProvider().refreshAll();
        } catch (TmsFailure e) {
            String text = getTranslation("fleet.refused", e.getMessage());
            message.setText(text);
            message.setClassName("sf-message-error");
            Notification.show(text).addThemeVariants(NotificationVariant.LUMO_ERROR);
        }
    }

    @Override
    public String getPageTitle() {
        return getTranslation("title.fleet");
    }
}
