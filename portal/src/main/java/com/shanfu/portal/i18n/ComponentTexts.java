package com.shanfu.portal.i18n;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.component.upload.UploadI18N;
import java.time.DayOfWeek;
import java.time.Month;
import java.time.format.TextStyle;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The texts Vaadin's own components show (Upload's buttons and errors, DatePicker's months, weekdays and buttons) in
 * the page's language: from the portal's bundles ({@code upload.*}, {@code date-picker.*}) and, for the calendar's
 * names, from the JDK's locale data. Vaadin's defaults are English only.
 */
public final class ComponentTexts {

    private ComponentTexts() {}

    /** Upload in the language of the view that holds it. */
    public static Upload translate(Upload upload, Component view) {
        UploadI18N i18n = new UploadI18N();
        i18n.setAddFiles(new UploadI18N.AddFiles()
                        .setOne(view.getTranslation("upload.add-one"))
                        .setMany(view.getTranslation("upload.add-many")))
                .setDropFiles(new UploadI18N.DropFiles()
                        .setOne(view.getTranslation("upload.drop-one"))
                        .setMany(view.getTranslation("upload.drop-many")))
                .setError(new UploadI18N.Error()
                        .setTooManyFiles(view.getTranslation("upload.too-many"))
                        .setFileIsTooBig(view.getTranslation("upload.too-big"))
                        .setIncorrectFileType(view.getTranslation("upload.wrong-type")))
                .setUploading(new UploadI18N.Uploading()
                        .setStatus(new UploadI18N.Uploading.Status()
                                .setConnecting(view.getTranslation("upload.connecting"))
                                .setStalled(view.getTranslation("upload.stalled"))
                                .setProcessing(view.getTranslation("upload.processing"))
                                .setHeld(view.getTranslation("upload.held")))
                        .setRemainingTime(new UploadI18N.Uploading.RemainingTime()
                                .setPrefix(view.getTranslation("upload.remaining"))
                                .setUnknown(view.getTranslation("upload.remaining-unknown")))
                        .setError(new UploadI18N.Uploading.Error()
                                .setServerUnavailable(view.getTranslation("upload.server-unavailable"))
                                .setUnexpectedServerError(view.getTranslation("upload.server-error"))
                                .setForbidden(view.getTranslation("upload.forbidden"))))
                .setFile(new UploadI18N.File()
                        .setRetry(view.getTranslation("upload.retry"))
                        .setStart(view.getTranslation("upload.start"))
                        .setRemove(view.getTranslation("upload.remove")))
                .setUnits(List.of("B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"));
        upload.setI18n(i18n);
        return upload;
    }

    /** DatePicker in the language of the view that holds it: months, weekdays, buttons, errors; weeks from Monday. */
    public static DatePicker translate(DatePicker picker, Component view) {
        UI ui = view.getUI().orElseGet(UI::getCurrent);
        Locale locale = ui == null ? Languages.CHINESE : ui.getLocale();
        DatePicker.DatePickerI18n i18n = new DatePicker.DatePickerI18n()
                .setMonthNames(Arrays.stream(Month.values())
                        .map(m -> m.getDisplayName(TextStyle.FULL_STANDALONE, locale))
                        .toList())
                .setWeekdays(sundayFirst(TextStyle.FULL, locale))
                .setWeekdaysShort(sundayFirst(TextStyle.SHORT, locale))
                .setFirstDayOfWeek(1)
                .setToday(view.getTranslation("date-picker.today"))
                .setCancel(view.getTranslation("date-picker.cancel"))
                .setDateFormat("yyyy-MM-dd")
                .setBadInputErrorMessage(view.getTranslation("date-picker.bad-input"))
                .setMinErrorMessage(view.getTranslation("date-picker.too-early"))
                .setMaxErrorMessage(view.getTranslation("date-picker.too-late"));
        picker.setI18n(i18n);
        picker.setLocale(locale);
        return picker;
    }

    private static List<String> sundayFirst(TextStyle style, Locale locale) {
        return java.util.stream.IntStream.range(0, 7)
                .mapToObj(i -> DayOfWeek.SUNDAY.plus(i).getDisplayName(style, locale))
                .toList();
    }
}
