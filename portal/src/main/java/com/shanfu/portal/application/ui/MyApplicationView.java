package com.shanfu.portal.application.ui;

import com.shanfu.portal.application.Application;
import com.shanfu.portal.application.ApplicationEvent;
import com.shanfu.portal.application.ApplicationException;
import com.shanfu.portal.application.ApplicationQueries;
import com.shanfu.portal.application.ApplicationStatus;
import com.shanfu.portal.application.Applying;
import com.shanfu.portal.application.BankCards;
import com.shanfu.portal.application.FeePlan;
import com.shanfu.portal.application.MobilePhone;
import com.shanfu.portal.application.PersonalData;
import com.shanfu.portal.application.Shipment;
import com.shanfu.portal.i18n.Formats;
import com.shanfu.portal.security.CurrentUser;
import com.shanfu.portal.ui.MainLayout;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.server.streams.DownloadHandler;
import com.vaadin.flow.server.streams.DownloadResponse;
import jakarta.annotation.security.RolesAllowed;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The applicant's status page: where the application is on its way (every step with its time), the reason of a
 * rejection, the courier and tracking number, the terminal and its activation code; and the applicant's rights —
 * a copy of their data, and withdrawal before approval.
 */
@Route(value = "my-application", layout = MainLayout.class)
@RolesAllowed("applicant")
public class MyApplicationView extends Div implements HasDynamicTitle {

    private static final List<ApplicationStatus> PATH = List.of(
            ApplicationStatus.SUBMITTED,
            ApplicationStatus.VERIFYING,
            ApplicationStatus.AWAITING_CALL,
            ApplicationStatus.APPROVED,
            ApplicationStatus.SHIPPED,
            ApplicationStatus.DELIVERED,
            ApplicationStatus.ACTIVATED);

    private final ApplicationQueries applications;
    private final Applying applying;
    private final PersonalData personalData;
    private final CurrentUser user;
    /** How often the page asks again while something happens without the applicant; -1 when nothing does. */
    private int pollMillis = -1;

    public MyApplicationView(ApplicationQueries applications, Applying applying, PersonalData personalData) {
        this.applying = applying;
        this.personalData = personalData;
        this.applications = applications;
        this.user = CurrentUser.require();
        addClassName("sf-page");
        render();
        // while the background checks run or the device waits for activation, the page follows without a reload
        addAttachListener(attach -> {
            var ui = attach.getUI();
            ui.setPollInterval(pollMillis);
            var poll = ui.addPollListener(p -> {
                render();
                ui.setPollInterval(pollMillis); // -1 once settled: no more round trips
            });
            addDetachListener(detach -> {
                poll.remove();
                detach.getUI().setPollInterval(-1);
            });
        });
    }

    private void render() {
        removeAll();
        add(new H2(getTranslation("status.heading")));
        List<Application> mine = applications.mine(user);
        if (mine.isEmpty()) {
            add(
                    new Paragraph(getTranslation("status.none")),
                    new RouterLink(getTranslation("home.apply"), ApplyView.class));
            return;
        }
        Application a = mine.get(0);
        pollMillis = switch (a.getStatus()) {
            case SUBMITTED, VERIFYING -> 2000; // the checks take seconds
            case SHIPPED, DELIVERED -> 5000; // the merchant activates the device when it arrives
            default -> -1;
        };
        Span number = new Span(String.valueOf(a.getId()));
        number.setId("application-id");
        Span status = new Span(getTranslation(a.getStatus().messageKey()));
        status.setId("application-status");
        status.addClassName("sf-status");
        Div summary = new Div(
                new Paragraph(new Span(getTranslation("status.number") + ": "), number),
                new Paragraph(new Span(getTranslation("status.current") + ": "), status),
                new Paragraph(getTranslation(
                        "status.explain." + a.getStatus().name().toLowerCase().replace('_', '-'))));
        if (a.getLegalName() != null) {
            Paragraph who = new Paragraph(a.getLegalName() + " · " + a.getIdNumberMasked() + " · "
                    + MobilePhone.format(a.getPhoneMasked(), getLocale()) + " · " + bankName(a) + " "
                    + a.getSettlementCardMasked());
            who.setId("application-masked");
            summary.add(who);
        }
        if (a.getRejectReason() != null) {
            Paragraph reason = new Paragraph(getTranslation("status.reason") + ": " + a.getRejectReason());
            reason.setId("reject-reason-text");
            reason.addClassName("sf-message-error");
            summary.add(reason);
        }
        summary.addClassName("sf-card");
        add(summary);

        if (a.getStatus() == ApplicationStatus.INFO_REQUESTED) {
            add(card(new H3(getTranslation("status.task")), infoTask(a)));
        }
        applications.feePlan(a).ifPresent(plan -> add(card(new H3(getTranslation("status.fee-plan")), feePlan(plan))));
        add(card(new H3(getTranslation("status.history")), timeline(a)));
        applications.shipment(a).ifPresent(s -> shipment(s, a.getPhoneMasked() == null ? "" : a.getPhoneMasked()));
        add(card(new H3(getTranslation("status.your-data")), rights(a)));
    }

    /** The bank in the page's language (the masked card keeps its BIN). */
    private String bankName(Application a) {
        return BankCards.bin(a.getSettlementCardMasked().substring(0, 6))
                .map(b -> "zh".equals(getLocale().getLanguage()) ? b.bankZh() : b.bankEn())
                .orElse(a.getSettlementBank());
    }

    private UnorderedList timeline(Application a) {
        Map<ApplicationStatus, Instant> reached = new EnumMap<>(ApplicationStatus.class);
        for (ApplicationEvent e : applications.history(a)) {
            reached.putIfAbsent(e.getStatus(), e.getAt());
        }
        UnorderedList list = new UnorderedList();
        list.setId("status-timeline");
        list.addClassName("sf-timeline");
        for (ApplicationStatus s : PATH) {
            list.add(step(s, reached.get(s), a.getStatus() == s));
        }
        if (reached.containsKey(ApplicationStatus.INFO_REQUESTED)) {
            list.add(step(
                    ApplicationStatus.INFO_REQUESTED,
                    reached.get(ApplicationStatus.INFO_REQUESTED),
                    a.getStatus() == ApplicationStatus.INFO_REQUESTED));
        }
        for (ApplicationStatus end : List.of(ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN)) {
            if (reached.containsKey(end)) {
                ListItem li = step(end, reached.get(end), true);
                li.addClassName("failed");
                list.add(li);
            }
        }
        return list;
    }

    /** Staff asked for something: the question, and a box for the answer. */
    private Div infoTask(Application a) {
        Paragraph question = new Paragraph(a.getInfoRequest());
        question.setId("info-question-text");
        TextArea answer = new TextArea(getTranslation("status.task-answer"));
        answer.setId("info-response");
        answer.setMaxLength(1000);
        answer.setWidthFull();
        Button send = new Button(getTranslation("status.task-send"), e -> {
            try {
                applying.answerInfo(a.getId(), answer.getValue(), user);
                Notification.show(getTranslation("status.task-sent"))
                        .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
                render();
            } catch (ApplicationException ex) {
                answer.setInvalid(true);
                answer.setErrorMessage(getTranslation(ex.key(), ex.args()));
            }
        });
        send.setId("info-submit");
        send.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Div d = new Div(question, answer, send);
        d.setId("info-task");
        return d;
    }

    /** The fee plan in plain numbers, shown from approval on (before activation). */
    private Div feePlan(FeePlan p) {
        Paragraph text = new Paragraph(getTranslation(
                "status.fee-plan-text",
                p.name("zh".equals(getLocale().getLanguage())),
                FeePlan.percent(p.getDebitRateBp()),
                p.getDebitCapFen() == null ? "—" : Formats.money(p.getDebitCapFen(), getLocale()),
                FeePlan.percent(p.getCreditRateBp()),
                Formats.money(p.feeFen(10_000, false), getLocale()),
                Formats.money(p.feeFen(10_000, true), getLocale())));
        text.setId("fee-plan-text");
        return new Div(text);
    }

    private ListItem step(ApplicationStatus s, Instant at, boolean current) {
        ListItem li = new ListItem(new Span(getTranslation(s.messageKey())));
        li.setId("step-" + s.name().toLowerCase().replace('_', '-'));
        if (at != null) {
            li.addClassName("done");
            Span when = new Span(Formats.dateTime(at, getLocale()));
            when.addClassName("at");
            li.add(when);
        }
        if (current) {
            li.addClassName("current");
        }
        return li;
    }

    private void shipment(Shipment s, String phoneMasked) {
        Span serial = new Span(s.getSerial());
        serial.setId("shipment-serial");
        Span code = new Span(getTranslation("status.activation-code-sent", phoneMasked));
        code.setId("activation-code");
        Span tracking = new Span(getTranslation("courier." + s.getCourier()) + " " + s.getTrackingNumber());
        tracking.setId("tracking");
        add(card(
                new H3(getTranslation("status.shipment")),
                new Paragraph(new Span(getTranslation("status.courier") + ": "), tracking),
                new Paragraph(new Span(getTranslation("status.serial") + ": "), serial),
                new Paragraph(getTranslation("status.model") + ": " + s.getModel() + " · "
                        + getTranslation("status.tid") + ": " + s.getTid()),
                new Paragraph(new Span(getTranslation("status.activation-code") + ": "), code),
                new Paragraph(getTranslation("status.activation-expires") + ": "
                        + Formats.dateTime(s.getActivationExpiresAt(), getLocale())),
                new Paragraph(getTranslation("status.activation-help"))));
    }

    private HorizontalLayout rights(Application a) {
        Anchor download = new Anchor(
                DownloadHandler.fromInputStream(event -> {
                    byte[] data = personalData.export(user);
                    return new DownloadResponse(
                            new ByteArrayInputStream(data), "shanfu-my-data.json", "application/json", data.length);
                }),
                getTranslation("status.download"));
        download.setId("download-data");
        download.getElement().setAttribute("download", true);
        HorizontalLayout l = new HorizontalLayout(download);
        l.setAlignItems(HorizontalLayout.Alignment.BASELINE);
        if (a.getStatus().withdrawable()) {
            Button withdraw = new Button(getTranslation("status.withdraw"), e -> confirmWithdraw(a));
            withdraw.setId("withdraw");
            withdraw.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
            l.add(withdraw);
        }
        return l;
    }

    private void confirmWithdraw(Application a) {
        ConfirmDialog d = new ConfirmDialog(
                getTranslation("status.withdraw"),
                getTranslation("status.withdraw-confirm"),
                getTranslation("status.withdraw"),
                e -> {
                    try {
                        applying.withdraw(a.getId(), user);
                        Notification.show(getTranslation("status.withdraw-done"))
                                .addThemeVariants(NotificationVariant.LUMO_SUCCESS);
                    } catch (ApplicationException ex) {
                        Notification.show(getTranslation(ex.key(), ex.args()))
                                .addThemeVariants(NotificationVariant.LUMO_ERROR);
                    }
                    render();
                });
        d.setConfirmButtonTheme("error primary");
        d.setCancelable(true);
        d.setCancelText(getTranslation("review.cancel"));
        d.setId("withdraw-dialog");
        d.open();
    }

    private static Div card(com.vaadin.flow.component.Component... content) {
        Div d = new Div(content);
        d.addClassName("sf-card");
        d.getStyle().set("margin-top", "var(--lumo-space-m)");
        return d;
    }

    @Override
    public String getPageTitle() {
        return getTranslation("title.my-application");
    }
}
