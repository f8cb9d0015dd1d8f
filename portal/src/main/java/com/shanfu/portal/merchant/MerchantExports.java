package com.shanfu.portal.merchant;

import com.shanfu.portal.i18n.Formats;
import com.shanfu.portal.pdf.CjkPdf;
import com.shanfu.portal.tms.TmsClient;
import com.shanfu.portal.tms.TmsTxnFilter;
import com.shanfu.tms.contract.Page;
import com.shanfu.tms.contract.Receipt;
import com.shanfu.tms.contract.Transaction;
import com.shanfu.tms.contract.TxnKind;
import com.shanfu.tms.contract.TxnStatus;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;

/** What a shop downloads: its transactions as CSV (plain UTF-8, or with a BOM so Excel reads the Chinese) and receipts. */
@Service
public class MerchantExports {

    /** Exports stop here; a longer period is exported in parts. */
    public static final int MAX_ROWS = 100_000;

    private static final int PAGE = 1000;
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(Formats.CHINA);

    private final Shops shops;
    private final TmsClient tms;
    private final MessageSource messages;
    private final File fontFile;

    MerchantExports(
            Shops shops,
            TmsClient tms,
            MessageSource messages,
            @Value("${shanfu.pdf.cjk-font:" + CjkPdf.DEFAULT_FONT + "}") String fontFile) {
        this.shops = shops;
        this.tms = tms;
        this.messages = messages;
        this.fontFile = new File(fontFile);
    }

    static final String HEADER = "交易时间,终端号,类型,状态,金额(元),卡号,卡组织,卡类型,批次号,凭证号,参考号,授权码";

    /**
     * The shop's transactions matching the filter, newest first, one line each, written to {@code out} as they are
     * read: the TMS is read a page of 1,000 at a time after a cursor, so memory stays the same for 100 rows or 100,000.
     */
    @PreAuthorize("hasAnyRole('merchant', 'cashier')")
    public int csv(TmsTxnFilter filter, boolean excel, OutputStream out) throws IOException {
        String mid = shops.current().mid();
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
        if (excel) {
            w.write('\uFEFF'); // the byte order mark, as UTF-8: Excel then reads the Chinese
        }
        w.write(HEADER);
        w.write("\r\n");
        int rows = 0;
        String after = null;
        do {
            Page<Transaction> p = tms.transactionsAfter(mid, filter, after, Math.min(PAGE, MAX_ROWS - rows));
            for (Transaction t : p.items()) {
                line(w, t);
                rows++;
            }
            after = p.next();
        } while (after != null && rows < MAX_ROWS);
        w.flush();
        return rows;
    }

    private void line(Writer w, Transaction t) throws IOException {
        w.append(TIME.format(t.createdAt()))
                .append(',')
                .append(cell(t.tid()))
                .append(',')
                .append(cell(kindZh(t.kind())))
                .append(',')
                .append(cell(statusZh(t.status())))
                .append(',')
                .append(BigDecimal.valueOf(t.amountFen(), 2).toPlainString())
                .append(',')
                .append(cell(t.panMasked()))
                .append(',')
                .append(cell(t.scheme()))
                .append(',')
                .append(cell(cardTypeZh(t.cardType())))
                .append(',')
                .append(String.format("%06d", t.batch()))
                .append(',')
                .append(String.format("%06d", t.stan()))
                .append(',')
                .append(cell(t.rrn()))
                .append(',')
                .append(cell(t.authCode()))
                .append("\r\n");
    }

    /** The receipt of one of the shop's transactions as a PDF (the merchant copy); empty for another shop's id. */
    @PreAuthorize("hasAnyRole('merchant', 'cashier')")
    public Optional<byte[]> receipt(long txnId) {
        Shop shop = shops.current();
        return tms.transaction(shop.mid(), txnId).map(d -> {
            Transaction t = d.transaction();
            return receiptPdf(
                    new Receipt(
                            shop.name(),
                            shop.mid(),
                            t.tid(),
                            t.kind(),
                            t.amountFen(),
                            t.currency(),
                            t.panMasked(),
                            t.scheme(),
                            t.cardType(),
                            t.status(),
                            t.authCode(),
                            t.rrn(),
                            t.batch(),
                            t.stan(),
                            t.createdAt(),
                            t.refundedFen()),
                    "商户存根 MERCHANT COPY");
        });
    }

    /** The e-receipt a receipt's QR code links to, as a PDF (the cardholder's copy); for anyone holding the token. */
    public Optional<byte[]> eReceipt(String token) {
        return eReceiptOf(token).map(r -> receiptPdf(r, "持卡人存根 CUSTOMER COPY"));
    }

    /** The e-receipt of a token; the token is 128 random bits, so holding it is the permission. */
    public Optional<Receipt> eReceiptOf(String token) {
        return token != null && token.matches("[A-Za-z0-9_-]{22}") ? tms.receipt(token) : Optional.empty();
    }

    private byte[] receiptPdf(Receipt t, String copy) {
        try (PDDocument doc = new PDDocument();
                TrueTypeCollection ttc = CjkPdf.open(fontFile)) {
            PDFont font = CjkPdf.font(doc, ttc);
            PDPage page = new PDPage(new PDRectangle(226, 420)); // 80 mm wide, like the terminal's paper
            doc.addPage(page);
            try (PDPageContentStream s = new PDPageContentStream(doc, page)) {
                float x = 14;
                float y = 395;
                y = CjkPdf.line(s, font, 13, x, y, "闪付 Shanfu 签购单");
                y = CjkPdf.line(s, font, 8, x, y, copy);
                y = CjkPdf.line(s, font, 9, x, y - 4, "商户名称 " + t.merchantName());
                y = CjkPdf.line(s, font, 9, x, y, "商户号 MID " + t.mid());
                y = CjkPdf.line(s, font, 9, x, y, "终端号 TID " + (t.tid() == null ? "-" : t.tid()));
                y = CjkPdf.line(s, font, 9, x, y, "卡号 CARD " + (t.panMasked() == null ? "-" : t.panMasked()));
                y = CjkPdf.line(
                        s,
                        font,
                        9,
                        x,
                        y,
                        "卡组织 " + (t.scheme() == null ? "-" : t.scheme()) + " " + cardTypeZh(t.cardType()));
                y = CjkPdf.line(s, font, 9, x, y, "交易类型 " + kindZh(t.kind()) + " " + t.kind());
                y = CjkPdf.line(s, font, 9, x, y, "状态 " + statusZh(t.status()));
                y = CjkPdf.line(
                        s,
                        font,
                        9,
                        x,
                        y,
                        "批次号 " + String.format("%06d", t.batch()) + "  凭证号 " + String.format("%06d", t.stan()));
                y = CjkPdf.line(s, font, 9, x, y, "参考号 RRN " + (t.rrn() == null ? "-" : t.rrn()));
                y = CjkPdf.line(s, font, 9, x, y, "授权码 AUTH " + (t.authCode() == null ? "-" : t.authCode()));
                y = CjkPdf.line(s, font, 9, x, y, "日期时间 " + TIME.format(t.createdAt()));
                y = CjkPdf.line(
                        s,
                        font,
                        14,
                        x,
                        y - 6,
                        "金额 AMOUNT CNY " + BigDecimal.valueOf(t.amountFen(), 2).toPlainString());
                if (t.refundedFen() > 0) {
                    y = CjkPdf.line(
                            s,
                            font,
                            9,
                            x,
                            y,
                            "已退款 REFUNDED CNY "
                                    + BigDecimal.valueOf(t.refundedFen(), 2).toPlainString());
                }
                CjkPdf.line(s, font, 7, x, y - 8, "电子签购单 e-receipt · 闪付 Shanfu");
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("receipt PDF could not be written", e);
        }
    }

    /** A CSV cell: quoted when it holds a comma, quote or line break; a leading =, +, - or @ is defused for Excel. */
    static String cell(String v) {
        if (v == null) {
            return "";
        }
        String s = v;
        if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            s = "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    /** The portal's Chinese word for a kind, status or card type (the files are read in China). */
    private String zh(String prefix, String code) {
        return code == null
                ? ""
                : messages.getMessage(prefix + code.toLowerCase(Locale.ROOT), null, code, Locale.SIMPLIFIED_CHINESE);
    }

    private String kindZh(TxnKind kind) {
        return zh("merchant.kind.", kind == null ? null : kind.name());
    }

    private String statusZh(TxnStatus status) {
        return zh("merchant.status.", status == null ? null : status.name());
    }

    private String cardTypeZh(String type) {
        return zh("merchant.card-type.", type);
    }
}
