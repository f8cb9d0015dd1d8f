package com.shanfu.portal.staff;

import com.shanfu.portal.audit.Audit;
import com.shanfu.portal.tms.TmsClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.RestClientException;

/**
 * Bulk import of devices into stock: each CSV row is checked here (columns, serial form) and then by the TMS
 * (known model, serial not yet registered); a refused row does not stop the others. The import is audited with its
 * counts.
 */
@Service
public class StockImport {

    public static final String SERIAL = "[A-Z0-9]{2,8}-\\d{6}";

    /**
     * One line of the file and what became of it ({@code error} null: imported). {@code publicKey}: the device's key
     * from the factory list (base64 X.509), without which the device cannot be activated.
     */
    public record Row(int line, String serial, String model, String error, String publicKey) {

        Row(int line, String serial, String model, String error) {
            this(line, serial, model, error, null);
        }

        Row failed(String why) {
            return new Row(line, serial, model, why, publicKey);
        }
    }

    private final TmsClient tms;
    private final Audit audit;
    private final TransactionTemplate tx;

    StockImport(TmsClient tms, Audit audit, TransactionTemplate tx) {
        this.tms = tms;
        this.audit = audit;
        this.tx = tx;
    }

    /**
     * The rows of the file, the factory list: {@code serial,model,publicKey} (the key may be left out, and the device
     * then cannot be activated until it is provisioned); a first line starting "serial" is a header, empty lines are
     * skipped.
     */
    public static List<Row> parse(String csv) {
        List<Row> rows = new ArrayList<>();
        String[] lines = csv.replace("\uFEFF", "").split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].strip();
            if (l.isEmpty() || (i == 0 && l.toLowerCase().startsWith("serial"))) {
                continue;
            }
            String[] f = l.split(",", -1);
            if (f.length != 2 && f.length != 3) {
                rows.add(new Row(i + 1, l, "", "需要两到三列：序列号,型号,公钥 / expected: serial,model[,publicKey]"));
                continue;
            }
            String serial = f[0].strip().toUpperCase();
            String model = f[1].strip().toUpperCase();
            String key = f.length == 3 && !f[2].isBlank() ? f[2].strip() : null;
            rows.add(serial.matches(SERIAL) ? new Row(i + 1, serial, model, null, key)
                    : new Row(i + 1, serial, model, "序列号格式应为 型号代码-6位数字，如 SFQ1-000123 / serial must look like SFQ1-000123", key));
        }
        return rows;
    }

    @PreAuthorize("hasRole('staff')")
    public void run(List<Row> rows, String actor, Consumer<Row> each) {
        int imported = 0;
        for (Row r : rows) {
            Row result = r;
            if (r.error() == null) {
                try {
                    result = tms.addToStock(r.serial(), r.model(), r.publicKey()).map(r::failed).orElse(r);
                } catch (RestClientException e) {
                    result = r.failed("终端管理系统不可用 / the TMS is unavailable");
                }
            }
            if (result.error() == null) {
                imported++;
            }
            each.accept(result);
        }
        int ok = imported;
        tx.executeWithoutResult(s -> audit.record(actor, "STOCK_IMPORTED", "inventory", null, null,
                Map.of("rows", rows.size(), "imported", ok, "refused", rows.size() - ok)));
    }
}
