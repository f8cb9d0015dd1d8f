package com.shanfu.portal.staff;

import com.shanfu.portal.audit.Audit;
import com.shanfu.portal.tms.TmsClient;
import com.shanfu.portal.tms.TmsUnavailable;
import com.shanfu.tms.contract.Model;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Bulk import of devices into stock: each CSV row is checked here (columns, serial form) and then by the TMS
 * (known model, serial not yet registered); a refused row does not stop the others. The import is audited with its
 * counts.
 */
@Service
public class StockImport {

    public static final String SERIAL = "[A-Z0-9]{2,8}-\\d{6}";

    /**
     * One line of the file and what became of it ({@code error} null: imported; otherwise the bundle key of the reason,
     * {@code stock.error.*}, worded with the serial, the model and {@code detail} as {0}, {1} and {2}). {@code
     * publicKey}: the device's key from the factory list (base64 X.509), without which the device cannot be activated.
     */
    public record Row(int line, String serial, String model, String error, String publicKey, String detail) {

        public Row(int line, String serial, String model, String error, String publicKey) {
            this(line, serial, model, error, publicKey, null);
        }

        Row(int line, String serial, String model, String error) {
            this(line, serial, model, error, null, null);
        }

        Row failed(String key, String why) {
            return new Row(line, serial, model, key, publicKey, why);
        }

        /** The arguments of the reason's wording. */
        public Object[] errorArgs() {
            return new Object[] {serial, model, detail == null ? "" : detail};
        }
    }

    /** The TMS's refusals the bundles word themselves; any other is worded with the TMS's own text. */
    static final java.util.Set<String> WORDED_REFUSALS = java.util.Set.of("duplicate-serial", "unknown-model");

    private final TmsClient tms;
    private final Audit audit;
    private final TransactionTemplate tx;

    StockImport(TmsClient tms, Audit audit, TransactionTemplate tx) {
        this.tms = tms;
        this.audit = audit;
        this.tx = tx;
    }

    /** The TMS's model catalogue with the stock of each. */
    @PreAuthorize("hasRole('staff')")
    public List<Model> models() {
        return tms.models();
    }

    /**
     * The rows of the file, the factory list: {@code serial,model,publicKey} (the key may be left out, and the device
     * then cannot be activated until it is provisioned); a first line starting "serial" is a header, empty lines are
     * skipped.
     */
    public static List<Row> parse(String csv) {
        List<Row> rows = new ArrayList<>();
        CSVFormat format = CSVFormat.DEFAULT
                .builder()
                .setIgnoreEmptyLines(false)
                .setTrim(true)
                .get();
        try (CSVParser parser = CSVParser.parse(csv.replace("\uFEFF", ""), format)) {
            long linesBefore = 0;
            for (CSVRecord r : parser) {
                int line = (int) linesBefore + 1; // where the record starts, as the file's editor counts lines
                linesBefore = parser.getCurrentLineNumber();
                List<String> f = r.toList();
                String l = String.join(",", f);
                if (l.isBlank() || (line == 1 && l.toLowerCase().startsWith("serial"))) {
                    continue;
                }
                if (f.size() != 2 && f.size() != 3) {
                    rows.add(new Row(line, l, "", "stock.error.columns"));
                    continue;
                }
                String serial = f.get(0).toUpperCase();
                String model = f.get(1).toUpperCase();
                String key = f.size() == 3 && !f.get(2).isBlank() ? f.get(2) : null;
                rows.add(
                        serial.matches(SERIAL)
                                ? new Row(line, serial, model, null, key)
                                : new Row(line, serial, model, "stock.error.serial", key));
            }
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            rows.add(new Row(rows.size() + 1, "", "", "stock.error.csv", null, e.getMessage()));
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
                    result = tms.addToStock(r.serial(), r.model(), r.publicKey())
                            .map(refused -> WORDED_REFUSALS.contains(refused.code())
                                    ? r.failed("stock.error." + refused.code(), refused.getMessage())
                                    : r.failed("stock.error.refused", refused.getMessage()))
                            .orElse(r);
                } catch (TmsUnavailable e) {
                    result = r.failed("stock.error.tms-unavailable", null);
                }
            }
            if (result.error() == null) {
                imported++;
            }
            each.accept(result);
        }
        int ok = imported;
        tx.executeWithoutResult(s -> audit.record(
                actor,
                "STOCK_IMPORTED",
                "inventory",
                null,
                null,
                Map.of("rows", rows.size(), "imported", ok, "refused", rows.size() - ok)));
    }
}
