package com.shanfu.portal.staff.casefile;

import com.shanfu.portal.application.KycCheck;
import com.shanfu.portal.i18n.Formats;
import com.vaadin.flow.component.grid.Grid;
import java.util.List;

/** The automatic checks of the application, in the order they ran. */
public class ChecksCard extends CaseCard {

    public ChecksCard(List<KycCheck> checks) {
        super("case.checks");
        Grid<KycCheck> g = new Grid<>();
        g.addColumn(c -> getTranslation(
                        "check." + c.getKind().name().toLowerCase().replace('_', '-')))
                .setHeader(getTranslation("case.check"))
                .setAutoWidth(true);
        g.addColumn(c -> getTranslation("check.outcome." + c.getOutcome().name().toLowerCase()))
                .setHeader(getTranslation("case.outcome"))
                .setAutoWidth(true);
        g.addColumn(KycCheck::getDetail)
                .setHeader(getTranslation("case.detail"))
                .setFlexGrow(1);
        g.addColumn(c -> Formats.dateTime(c.getAt(), getLocale()))
                .setHeader(getTranslation("case.at"))
                .setAutoWidth(true);
        g.setItems(checks);
        g.setAllRowsVisible(true);
        g.setId("checks");
        add(g);
    }
}
