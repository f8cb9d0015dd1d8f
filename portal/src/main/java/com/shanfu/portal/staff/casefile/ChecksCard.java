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
        g.addColumn(this::detail).setHeader(getTranslation("case.detail")).setFlexGrow(1);
        g.addColumn(c -> Formats.dateTime(c.getAt(), getLocale()))
                .setHeader(getTranslation("case.at"))
                .setAutoWidth(true);
        g.setItems(checks);
        g.setAllRowsVisible(true);
        g.setId("checks");
        add(g);
    }

    /** The detail in the reader's words; a check from before details were worded shows its English words. */
    private String detail(KycCheck c) {
        if (c.getDetailKey() == null) {
            return c.getDetail();
        }
        Object[] args = c.getDetailArgs().stream().map(this::argument).toArray();
        return getTranslation("check.detail." + c.getDetailKey(), args);
    }

    /** An argument as it is, or, starting with @, the words of its key(s), a list joined as the language does. */
    private String argument(String a) {
        if (!a.startsWith("@")) {
            return a;
        }
        String separator = "zh".equals(getLocale().getLanguage()) ? "、" : ", ";
        return java.util.Arrays.stream(a.substring(1).split("\\+"))
                .map(this::getTranslation)
                .collect(java.util.stream.Collectors.joining(separator));
    }
}
