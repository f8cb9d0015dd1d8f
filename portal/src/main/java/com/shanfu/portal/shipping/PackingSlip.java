package com.shanfu.portal.shipping;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.shanfu.portal.pdf.CjkPdf;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The packing slip that goes into the box: who it is for, the device, the one-time activation code with the steps to
 * activate, and a QR code of the activation link the terminal can scan. A4 PDF, Chinese and English, with the CJK
 * font embedded (a subset) so any reader shows it.
 */
@Component
public class PackingSlip {

    public record Contents(
            long applicationId,
            String name,
            String phoneMasked,
            String address,
            String serial,
            String model,
            String tid,
            String mid,
            String activationCode,
            Instant codeExpires,
            String courier,
            String trackingNumber) {}

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Asia/Shanghai"));

    private final File fontFile;

    PackingSlip(@Value("${shanfu.pdf.cjk-font:" + CjkPdf.DEFAULT_FONT + "}") String fontFile) {
        this.fontFile = new File(fontFile);
    }

    /** The link a terminal opens to activate: serial and code, nothing else. */
    public static String activationLink(String serial, String code) {
        return "shanfu://activate?serial=" + URLEncoder.encode(serial, StandardCharsets.UTF_8) + "&code=" + code;
    }

    public byte[] render(Contents c) {
        try (PDDocument doc = new PDDocument();
                TrueTypeCollection ttc = CjkPdf.open(fontFile)) {
            PDFont font = CjkPdf.font(doc, ttc);
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            try (PDPageContentStream s = new PDPageContentStream(doc, page)) {
                float y = 790;
                y = line(s, font, 20, 50, y, "闪付 Shanfu — 装箱单 Packing slip");
                y = line(
                        s, font, 10, 50, y - 4, "申请编号 Application no. " + c.applicationId() + "    商户号 MID " + c.mid());
                y -= 14;
                for (Map.Entry<String, String> row : List.of(
                        Map.entry("收件人 Recipient", c.name() + "  " + c.phoneMasked()),
                        Map.entry("收货地址 Address", c.address()),
                        Map.entry("快递 Courier", c.courier() + "  " + c.trackingNumber()),
                        Map.entry("终端型号 Model", c.model()),
                        Map.entry("序列号 Serial", c.serial()),
                        Map.entry("终端号 TID", c.tid()))) {
                    line(s, font, 11, 50, y, row.getKey());
                    String v = row.getValue() == null ? "" : row.getValue();
                    do { // long addresses wrap: 30 characters fit beside the labels
                        y = line(s, font, 11, 190, y, v.substring(0, Math.min(30, v.length())));
                        v = v.substring(Math.min(30, v.length()));
                    } while (!v.isEmpty());
                }
                y -= 16;
                y = line(s, font, 14, 50, y, "激活码 Activation code");
                y = line(s, font, 28, 50, y - 6, spaced(c.activationCode()));
                y = line(
                        s,
                        font,
                        10,
                        50,
                        y - 2,
                        "有效期至 Valid until " + TIME.format(c.codeExpires()) + "（一次性 / one time only）");
                y -= 16;
                y = line(s, font, 13, 50, y, "激活步骤 How to activate");
                for (String step : List.of(
                        "1. 开机并连接 Wi-Fi 或 4G。 Switch the terminal on and connect it to Wi-Fi or 4G.",
                        "2. 扫描右侧二维码，或输入序列号和激活码。 Scan the QR code, or enter the serial and the code.",
                        "3. 终端下载密钥并签到后即可收款。 The terminal loads its keys, signs on, and is ready.",
                        "4. 请妥善保管激活码，激活后即失效。 Keep the code private; it stops working once used.")) {
                    y = line(s, font, 10, 50, y - 2, step);
                }
                drawQr(s, activationLink(c.serial(), c.activationCode()), 400, 470, 140);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("packing slip PDF could not be written", e);
        }
    }

    private static String spaced(String code) {
        return String.join(" ", code.split(""));
    }

    private static float line(PDPageContentStream s, PDFont font, float size, float x, float y, String text)
            throws IOException {
        return CjkPdf.line(s, font, size, x, y, text);
    }

    private static void drawQr(PDPageContentStream s, String text, float x, float y, float size) throws IOException {
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
