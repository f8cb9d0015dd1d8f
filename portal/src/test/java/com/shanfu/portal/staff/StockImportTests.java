package com.shanfu.portal.staff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The factory list as files really come: a header, a BOM, CRLF, blank lines, quoted cells (Excel), bad rows. */
class StockImportTests {

    @Test
    void eachRowKeepsItsLineNumberAndBadRowsSayWhy() {
        List<StockImport.Row> rows = StockImport.parse("\uFEFFserial,model,publicKey\r\n"
                + "sfq1-000123,sf-q1\r\n"
                + "\r\n"
                + "\"SFQ1-000124\",\"SF-Q1\",\"MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\"\r\n"
                + "BAD SERIAL,SF-Q1\r\n"
                + "SFQ1-000125\r\n"
                + "\"SFQ1-000126\",\"SF-Q1, with a comma\"\n");
        assertThat(rows).extracting(StockImport.Row::line).containsExactly(2, 4, 5, 6, 7);
        assertThat(rows.get(0)).isEqualTo(new StockImport.Row(2, "SFQ1-000123", "SF-Q1", null, null));
        assertThat(rows.get(1).publicKey())
                .as("a quoted cell loses its quotes")
                .isEqualTo("MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE");
        assertThat(rows.get(1).error()).isNull();
        assertThat(rows.get(2).error()).isEqualTo("stock.error.serial");
        assertThat(rows.get(3).error()).isEqualTo("stock.error.columns");
        assertThat(rows.get(4).model())
                .as("a comma inside quotes stays in its cell")
                .isEqualTo("SF-Q1, WITH A COMMA");
    }

    @Test
    void anUnclosedQuoteIsReportedNotSwallowed() {
        List<StockImport.Row> rows = StockImport.parse("SFQ1-000123,SF-Q1\n\"SFQ1-000124,SF-Q1\n");
        assertThat(rows).isNotEmpty();
        assertThat(rows.get(rows.size() - 1).error()).isNotNull();
    }
}
