package com.shanfu.terminal.cli;

import com.shanfu.terminal.kernel.CardData;
import com.shanfu.terminal.state.TerminalState;
import java.math.BigDecimal;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** The sale receipt as the terminal prints it (merchant and customer copies). */
final class Receipt {

    static final String MERCHANT_COPY = "商户存根 MERCHANT COPY";
    static final String CUSTOMER_COPY = "持卡人存根 CUSTOMER COPY";
    /** Where the QR code on a receipt points unless the configuration names another e-receipt address. */
    static final String E_RECEIPT_URL = "https://localhost:8080/receipt";

    private Receipt() {}

    /** {@code cvm} null: not known (a reprint), no verification line. */
    static String text(
            String copy, String merchantName, String tid, String mid, TerminalState.Transaction t, CardData.Cvm cvm) {
        String line = "-".repeat(32);
        StringBuilder sb = new StringBuilder();
        sb.append("        闪付 SHANFU POS\n")
                .append("      ")
                .append(copy)
                .append('\n')
                .append(line)
                .append('\n');
        sb.append("商户名称 MERCHANT: ").append(merchantName).append('\n');
        sb.append("商户编号 MID: ").append(mid).append('\n');
        sb.append("终端编号 TID: ").append(tid).append('\n');
        sb.append("卡号 CARD: ")
                .append(t.maskedPan())
                .append(" (")
                .append(t.cardLabel())
                .append(")\n");
        sb.append("交易类型 TYPE: 消费 SALE (contactless)\n");
        sb.append("批次号 BATCH: ")
                .append(String.format("%06d", t.batch()))
                .append("  凭证号 TRACE: ")
                .append(String.format("%06d", t.stan()))
                .append('\n');
        sb.append("参考号 REF: ")
                .append(t.rrn() == null ? "-" : t.rrn())
                .append("  授权码 AUTH: ")
                .append(t.authCode() == null ? "-" : t.authCode())
                .append('\n');
        sb.append("日期时间 DATE: ")
                .append(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                        .withZone(ZoneId.systemDefault())
                        .format(t.at()))
                .append('\n');
        sb.append("金额 AMOUNT: CNY ")
                .append(yuan(t.amountFen()))
                .append('\n')
                .append(line)
                .append('\n');
        if (cvm == CardData.Cvm.CDCVM) {
            sb.append("持卡人已在手机上验证 Verified on the cardholder's device\n");
        } else if (cvm == CardData.Cvm.ONLINE_PIN) {
            sb.append("持卡人已输入密码 PIN verified online\n");
        } else if (cvm == CardData.Cvm.NO_CVM) {
            sb.append("免密免签 No PIN, no signature required\n");
        }
        return sb.toString();
    }

    static String yuan(long fen) {
        return new BigDecimal(fen).movePointLeft(2).toPlainString();
    }
}
