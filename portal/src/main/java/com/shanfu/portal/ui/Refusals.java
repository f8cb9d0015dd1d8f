package com.shanfu.portal.ui;

import com.shanfu.portal.application.ApplicationException;
import com.vaadin.flow.component.html.Span;

/** Runs what a button asks for; a business refusal is shown, translated, in the form's message line. */
public final class Refusals {

    private Refusals() {}

    public interface Action {
        void run();
    }

    /** True when the action went through; otherwise the refusal's text is in {@code message}. */
    public static boolean shown(Span message, Action action) {
        try {
            action.run();
            return true;
        } catch (ApplicationException e) {
            message.setText(message.getTranslation(e.key(), e.args()));
            return false;
        }
    }
}
