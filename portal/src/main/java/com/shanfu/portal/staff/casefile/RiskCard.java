package com.shanfu.portal.staff.casefile;

import com.shanfu.portal.application.Application;
import com.shanfu.portal.application.Decisions;
import com.shanfu.portal.i18n.Formats;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;

/** The risk rules' verdict on the case, and whether it takes two staff members to approve it. */
public class RiskCard extends CaseCard {

    public RiskCard(Application a, Decisions decisions) {
        super("case.risk");
        if (a.getRiskScore() == null) {
            add(new Paragraph(getTranslation("case.risk.pending")));
            return;
        }
        Span score = new Span(String.valueOf(a.getRiskScore()));
        score.setId("risk-score");
        add(
                new Paragraph(
                        new Span(getTranslation("case.risk.score") + ": "),
                        score,
                        new Span(" · "
                                + getTranslation("case.risk.decision."
                                        + a.getRiskDecision().toLowerCase().replace('_', '-'))
                                + " · " + getTranslation("case.risk.version", a.getRuleVersion()))),
                new Paragraph(getTranslation("case.risk.rules") + ": "
                        + (a.getRiskRules() == null || a.getRiskRules().isEmpty() ? "—" : a.getRiskRules())));
        if (decisions.needsTwoApprovals(a)) {
            Paragraph p = new Paragraph(
                    a.getFirstApprover() == null
                            ? getTranslation("case.four-eyes", decisions.fourEyesScore())
                            : getTranslation(
                                    "case.four-eyes.first",
                                    a.getFirstApprover(),
                                    Formats.dateTime(a.getFirstApprovedAt(), getLocale())));
            p.setId("four-eyes-note");
            p.addClassName("sf-message-error");
            add(p);
        }
    }
}
