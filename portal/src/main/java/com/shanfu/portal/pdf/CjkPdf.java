package com.shanfu.portal.pdf;

import java.io.File;
import java.io.IOException;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/** PDFs with Chinese text: the WenQuanYi font embedded as a subset, and lines of text. */
public final class CjkPdf {

    public static final String DEFAULT_FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";

    private CjkPdf() {}

    /** Opens the font collection; the caller closes it after saving the document (the subset is written on save). */
    public static TrueTypeCollection open(File fontFile) throws IOException {
        if (!fontFile.canRead()) {
            throw new IllegalStateException("the CJK font for PDFs is missing: " + fontFile
                    + " (install fonts-wqy-microhei or set shanfu.pdf.cjk-font)");
        }
        return new TrueTypeCollection(fontFile);
    }

    /** The CJK font of the collection, loaded into the document as a subset. */
    public static PDFont font(PDDocument doc, TrueTypeCollection ttc) throws IOException {
        TrueTypeFont ttf = ttc.getFontByName("WenQuanYiMicroHei");
        if (ttf == null) {
            TrueTypeFont[] first = new TrueTypeFont[1];
            ttc.processAllFonts(f -> {
                if (first[0] == null) {
                    first[0] = f;
                }
            });
            ttf = first[0];
        }
        return PDType0Font.load(doc, ttf, true);
    }

    /** Writes one line at (x, y) and returns the y of the next line. */
    public static float line(PDPageContentStream s, PDFont font, float size, float x, float y, String text)
            throws IOException {
        s.beginText();
        s.setFont(font, size);
        s.newLineAtOffset(x, y);
        s.showText(text == null ? "" : text);
        s.endText();
        return y - size * 1.5f;
    }
}
