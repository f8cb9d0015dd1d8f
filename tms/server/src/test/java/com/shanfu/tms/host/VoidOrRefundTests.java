package com.shanfu.tms.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.shanfu.protocol.iso.Field60;
import com.shanfu.protocol.iso.ResponseCode;
import com.shanfu.tms.journal.Batch;
import com.shanfu.tms.journal.Txn;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * When a void or a refund is allowed (docs/protocol.md: a void only in the open batch, for the whole of an untouched
 * approved sale; a refund up to the sale less its earlier refunds, in an open batch; anything else located or not).
 */
class VoidOrRefundTests {

    private static final Instant NOW = Instant.parse("2026-12-01T08:00:00Z");
    private static final Field60 VOID_IN_BATCH_1 = Field60.parse("23000001000");
    private static final Field60 REFUND_IN_BATCH_2 = Field60.parse("25000002000");

    private static Txn sale(long fen, String rc) {
        Txn t = new Txn(1L, 1L, 1, 7, com.shanfu.tms.contract.TxnKind.PURCHASE, fen, NOW);
        t.answer(rc, "123456", "000000000007", null);
        return t;
    }

    private static Batch open(int no) {
        return new Batch(1L, 1L, no, NOW);
    }

    private static Batch closed(int no) {
        Batch b = open(no);
        b.closeAfterUpload(NOW);
        return b;
    }

    private static String voiding(Optional<Txn> sale, int saleBatch, Batch batch, long fen) {
        return VoidOrRefund.decide(VoidOrRefund.Kind.VOID, sale, saleBatch, batch, VOID_IN_BATCH_1, fen);
    }

    private static String refunding(Optional<Txn> sale, Batch batch, long fen) {
        return VoidOrRefund.decide(VoidOrRefund.Kind.REFUND, sale, 1, batch, REFUND_IN_BATCH_2, fen);
    }

    @Test
    void aVoidTakesBackTheWholeOfAnUntouchedApprovedSaleOfTheOpenBatch() {
        assertThat(voiding(Optional.of(sale(1250, "00")), 1, open(1), 1250)).isEqualTo(ResponseCode.APPROVED);
        assertThat(voiding(Optional.of(sale(1250, "00")), 1, open(1), 1000))
                .as("part of it")
                .isEqualTo(ResponseCode.INVALID_AMOUNT);
        assertThat(voiding(Optional.of(sale(1250, "00")), 0, open(1), 1250))
                .as("a sale of another batch")
                .isEqualTo(ResponseCode.INVALID_TRANSACTION);
        assertThat(voiding(Optional.of(sale(1250, "00")), 1, closed(1), 1250))
                .as("the batch is settled")
                .isEqualTo(ResponseCode.INVALID_TRANSACTION);
        assertThat(voiding(Optional.of(sale(1250, "51")), 1, open(1), 1250))
                .as("a declined sale")
                .isEqualTo(ResponseCode.INVALID_TRANSACTION);
        Txn partlyRefunded = sale(1250, "00");
        partlyRefunded.refund(250);
        assertThat(voiding(Optional.of(partlyRefunded), 1, open(1), 1250))
                .as("already partly refunded")
                .isEqualTo(ResponseCode.INVALID_TRANSACTION);
    }

    @Test
    void aRefundTakesBackUpToWhatIsLeftOfTheSaleFromAnyBatchIntoAnOpenOne() {
        Txn sale = sale(10_000, "00");
        assertThat(refunding(Optional.of(sale), open(2), 4_000)).isEqualTo(ResponseCode.APPROVED);
        sale.refund(4_000);
        assertThat(refunding(Optional.of(sale), open(2), 6_000))
                .as("exactly what is left")
                .isEqualTo(ResponseCode.APPROVED);
        assertThat(refunding(Optional.of(sale), open(2), 6_001))
                .as("a fen more than is left")
                .isEqualTo(ResponseCode.INVALID_AMOUNT);
        assertThat(refunding(Optional.of(sale), open(2), 0)).as("nothing").isEqualTo(ResponseCode.INVALID_AMOUNT);
        assertThat(refunding(Optional.of(sale), closed(2), 100))
                .as("into a settled batch")
                .isEqualTo(ResponseCode.INVALID_TRANSACTION);
        assertThat(refunding(Optional.of(sale(10_000, "05")), open(2), 100))
                .as("of a declined sale")
                .isEqualTo(ResponseCode.INVALID_AMOUNT);
    }

    @Test
    void onlyASaleCanBeVoidedOrRefunded() {
        assertThat(refunding(Optional.empty(), open(2), 100)).isEqualTo(ResponseCode.UNABLE_TO_LOCATE);
        assertThat(voiding(Optional.empty(), 1, open(1), 100)).isEqualTo(ResponseCode.UNABLE_TO_LOCATE);
        Txn refund = new Txn(1L, 1L, 1, 8, com.shanfu.tms.contract.TxnKind.REFUND, 100, NOW);
        refund.answer("00", null, "000000000008", null);
        assertThat(refunding(Optional.of(refund), open(2), 100)).isEqualTo(ResponseCode.UNABLE_TO_LOCATE);
    }
}
