package com.shanfu.tms.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.shanfu.tms.TestStack;
import com.shanfu.tms.books.BooksCheck;
import com.shanfu.tms.config.PushTasks;
import com.shanfu.tms.journal.TxnRepository;
import com.shanfu.tms.merchant.Merchant;
import com.shanfu.tms.payout.Payouts;
import com.shanfu.tms.refund.RefundRequests;
import java.util.List;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What the money path tests share: one TMS over real TCP on MariaDB ({@link MoneyPathIntegrityIT},
 * {@link MoneyPathGuardsIT} run on the same Spring context), shops with signed-on terminals, and the books check that
 * proves after each step that the journal, batch totals, issuer balances, payouts and ledger agree to the fen.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "shanfu.demo=true")
abstract class MoneyPathBase extends HostTestBase {

    static final int ISO_PORT = TestStack.freePort();
    static final int ROUNDS = Integer.getInteger("shanfu.race.rounds", 15);
    static final long SALE = 1000; // 10.00 CNY

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) throws Exception {
        TestStack.registerHost(registry, "tms_money", ISO_PORT);
    }

    @Autowired
    TxnRepository journal;

    @Autowired
    BooksCheck books;

    @Autowired
    RefundRequests refundRequests;

    @Autowired
    PushTasks pushTasks;

    @Autowired
    Payouts payouts;

    Merchant merchant() {
        return merchant("李四水果店");
    }

    HostTerminal terminal() throws Exception {
        return terminal("李四水果店");
    }

    void assertBooksBalance(String after) {
        BooksCheck.Report r = books.run();
        assertThat(r.differences()).as("books after %s:%n%s", after, r.text()).isEmpty();
    }

    /** An approved sale of 10.00 in the batch; returns its STAN. */
    int sale(HostTerminal t, int batch) throws Exception {
        int stan = t.nextStan();
        assertThat(t.rc(t.purchase(stan, batch, SALE))).isEqualTo("00");
        return stan;
    }

    String status(HostTerminal t, int batch, int stan) {
        List<String> found = jdbc.queryForList(
                "select t.status from txn t join device d on d.id = t.device_id"
                        + " where d.serial = ? and t.batch_no = ? and t.stan = ?",
                String.class,
                t.serial,
                batch,
                stan);
        return found.isEmpty() ? "NOT IN THE JOURNAL" : found.getFirst();
    }

    // ---------------------------------------------------------------- the issuer verifies what the card signed

    long balance() {
        return jdbc.queryForObject(
                "select balance_fen from issuer_account where pan_masked = '622848*********0018'", Long.class);
    }

    String declineReason(HostTerminal t, int stan) {
        return jdbc.queryForObject(
                "select t.decline_reason from txn t join device d on d.id = t.device_id"
                        + " where d.serial = ? and t.batch_no = 1 and t.stan = ?",
                String.class,
                t.serial,
                stan);
    }
}
