package com.shanfu.portal.staff.casefile;

import com.shanfu.portal.application.ApplicationForm;
import com.shanfu.portal.application.Fulfilment;
import com.shanfu.portal.i18n.Formats;
import com.shanfu.portal.tms.TmsUnavailable;
import com.shanfu.tms.contract.Model;
import com.vaadin.flow.component.combobox.ComboBox;
import java.util.List;

/** The TMS catalogue with stock, connectivity, printer and price; offline it still offers the model codes. */
class ModelChooser extends ComboBox<String> {

    ModelChooser(Fulfilment fulfilment, String id, String label) {
        super(label);
        setId(id);
        setWidth("28em");
        try {
            List<Model> catalogue = fulfilment.models();
            setItems(catalogue.stream().map(Model::code).toList());
            setItemLabelGenerator(code -> catalogue.stream()
                    .filter(m -> m.code().equals(code))
                    .findFirst()
                    .map(m -> getTranslation(
                            "case.model-line",
                            m.code(),
                            m.connectivity(),
                            getTranslation(m.printer() ? "case.printer" : "case.no-printer"),
                            Formats.money(m.priceFen(), getLocale()),
                            m.inStock()))
                    .orElse(code));
        } catch (TmsUnavailable e) {
            setItems(ApplicationForm.MODELS);
            setHelperText(getTranslation("case.tms-offline"));
        }
    }
}
