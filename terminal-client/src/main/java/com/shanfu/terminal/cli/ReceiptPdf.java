package com.shanfu.terminal.cli;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * The receipt as a PDF on 80 mm paper: the merchant copy and the customer copy, one page each, with the CJK font
 * embedded (a subset) and a QR code that links to the e-receipt.
 */
final class ReceiptPdf {

    static final String DEFAULT_FONT = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc";
    private static final float WIDTH = 226; // 80 mm

    private ReceiptPdf() {}

    /** The e-receipt link: the portal's page for the random token the host gave the transaction. */
    static String link(String base, String token) {
        return base.replaceAll("/+$", "") + "/" + token;
    }

    static void write(Path file, List<String> copies, String link) {
        String fontPath = System.getenv().getOrDefault("SHANFU_RECEIPT_FONT", DEFAULT_FONT);
        if (!new File(fontPath).canRead()) {
            throw new IllegalStateException("the CJK font for receipts is missing: " + fontPath
                    + " (install fonts-wqy-microhei or set SHANFU_RECEIPT_FONT)");
        }
        try (PDDocument doc = new PDDocument();
                TrueTypeCollection ttc = new TrueTypeCollection(new File(fontPath))) {
            TrueTypeFont ttf = ttc.getFontByName("WenQuanYiMicroHei");
            PDFont font = PDType0Font.load(doc, ttf != null ? ttf : first(ttc), true);
            for (String copy : copies) {
                List<String> lines = copy.lines().toList();
                float height = 40 + lines.size() * 12 + 150;
                PDPage page = new PDPage(new PDRectangle(WIDTH, height));
                doc.addPage(page);
                try (PDPageContentStream s = new PDPageContentStream(doc, page)) {
                    float y = height - 24;
                    for (String line : lines) {
                        s.beginText();
                        s.setFont(font, 7.5f);
                        s.newLineAtOffset(10, y);
                        s.showText(line);
                        s.endText();
                        y -= 12;
                    }
                    if (link != null) { // a transaction the host gave no token (declined) has no e-receipt
                        qr(s, link, (WIDTH - 110) / 2, 24, 110);
                        s.beginText();
                        s.setFont(font, 6.5f);
                        s.newLineAtOffset(10, 12);
                        s.showText("扫码查看电子签购单 Scan for the e-receipt");
                        s.endText();
                    }
                }
            }
            doc.save(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("receipt PDF could not be written to " + file, e);
        }
    }

    private static TrueTypeFont first(TrueTypeCollection ttc) throws IOException {
        TrueTypeFont[] first = new TrueTypeFont[1];
        ttc.processAllFonts(f -> {
            if (first[0] == null) {
                first[0] = f;
            }
        });
        return first[0];
    }

    private static void qr(PDPageContentStream s, String text, float x, float y, float size) throws IOException {
        BitMatrix m;
        try {
            m = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, Map.of(EncodeHintType.MARGIN, 1));
        } catch (WriterException e) {
            throw new IllegalStateException("QR code could not be made", e);
        }
        float cell = size / m.getWidth();
        for (int row = 0; row < m.getHeight(); row++) {
            for (int col = 0; col < m.getWidth(); col++) {
                if (m.get(col, row)) {
                    s.addRect(x + col * cell, y + (m.getHeight() - 1 - row) * cell, cell, cell);
                }
            }
        }
        s.fill();
    }
}
