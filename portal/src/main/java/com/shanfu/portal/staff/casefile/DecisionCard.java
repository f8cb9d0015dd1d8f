package com.shanfu.portal.staff.casefile;

import com.shanfu.portal.application.Application;
import com.shanfu.portal.application.Blocklists;
import com.shanfu.portal.application.CaseAction;
import com.shanfu.portal.application.Decisions;
import com.shanfu.portal.application.FeePlan;
import com.shanfu.portal.i18n.Formats;
import com.shanfu.portal.security.CurrentUser;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import java.util.List;

/** The decision: approve with a fee plan, ask the applicant, reject, or bar the applicant's numbers. */
public class DecisionCard extends CaseCard {

    public DecisionCard(Application a, List<FeePlan> plans, Decisions decisions, Blocklists blocklists) {
        super("case.decision");
        HorizontalLayout l = new HorizontalLayout();
        l.setAlignItems(FlexComponent.Alignment.BASELINE);
        l.setWrap(true);
        if (a.allows(CaseAction.APPROVE)) {
            ComboBox<FeePlan> plan = new ComboBox<>(getTranslation("case.fee-plan"), plans);
            boolean zh = "zh".equals(getLocale().getLanguage());
            plan.setItemLabelGenerator(p -> p.name(zh) + " — "
                    + getTranslation(
                            "case.fee-plan-line",
                            FeePlan.percent(p.getDebitRateBp()),
                            p.getDebitCapFen() == null ? "—" : Formats.money(p.getDebitCapFen(), getLocale()),
                            FeePlan.percent(p.getCreditRateBp())));
            plan.setWidth("30em");
            plan.setId("fee-plan");
            plans.stream()
                    .filter(p -> p.getCode().equals(FeePlan.forMcc(a.getMcc())))
                    .findFirst()
                    .ifPresent(plan::setValue);
            Button approve = new Button(
                    getTranslation("review.approve"),
                    e -> act(() -> {
                        Decisions.Approval done = decisions.approve(
                                a.getId(),
                                plan.getValue() == null ? null : plan.getValue().getCode(),
                                CurrentUser.require());
                        return getTranslation(
                                done == Decisions.Approval.APPROVED ? "case.approved" : "case.approved-first");
                    }));
            approve.setId("approve");
            approve.addThemeVariants(ButtonVariant.LUMO_SUCCESS, ButtonVariant.LUMO_PRIMARY);
            approve.setDisableOnClick(true);
            Button ask = new Button(
                    getTranslation("case.request-info"),
                    e -> textDialog(
                            a.getId(), "case.request-info", "case.info-question", "info-question", 500, text -> {
                                decisions.requestInfo(a.getId(), text, CurrentUser.require());
                                return getTranslation("case.info-requested");
                            }));
            ask.setId("request-info");
            l.add(plan, approve, ask);
        }
        Button reject = new Button(
                getTranslation("review.reject"),
                e -> textDialog(
                        a.getId(),
                        "review.reject",
                        "review.reject-reason",
                        "reject-reason",
                        Application.REASON_MAX,
                        text -> {
                            decisions.reject(a.getId(), text, CurrentUser.require());
                            return getTranslation("review.rejected");
                        }));
        reject.setId("reject");
        reject.addThemeVariants(ButtonVariant.LUMO_ERROR);
        reject.setVisible(a.allows(CaseAction.REJECT));
        Button bar = new Button(
                getTranslation("case.blocklist"),
                e -> textDialog(a.getId(), "case.blocklist", "case.blocklist-reason", "blocklist-reason", 200, text -> {
                    blocklists.blocklist(a.getId(), text, CurrentUser.require());
                    return getTranslation("case.blocklisted");
                }));
        bar.setId("blocklist");
        bar.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        bar.setVisible(a.allows(CaseAction.BLOCKLIST));
        l.add(reject, bar);
        add(l);
    }
}
