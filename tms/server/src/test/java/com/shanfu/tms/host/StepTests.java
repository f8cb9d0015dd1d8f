package com.shanfu.tms.host;

import static org.assertj.core.api.Assertions.assertThat;

import com.shanfu.protocol.iso.ResponseCode;
import java.sql.SQLNonTransientConnectionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.jpos.iso.ISOMsg;
import org.jpos.transaction.Context;
import org.jpos.transaction.TransactionParticipant;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.TransactionSystemException;

/**
 * A step whose database connection is lost cannot say "nothing was charged": the commit may have reached the
 * database. It asks again instead, and answers only what the database then says, or nothing at all.
 */
class StepTests {

    private static Context context() throws Exception {
        ISOMsg request = new ISOMsg("0200");
        request.set(11, "000043");
        request.set(41, "10000130");
        ISOMsg response = new ISOMsg("0210");
        Context ctx = new Context();
        ctx.put(HostContext.REQUEST, request);
        ctx.put(HostContext.RESPONSE, response);
        return ctx;
    }

    /** The commit reached the database, its acknowledgement did not (as when Galera's write node dies then). */
    private static Exception commitAcknowledgementLost() {
        return new TransactionSystemException(
                "Could not commit JPA transaction",
                new SQLNonTransientConnectionException("Communications link failure", "08S01"));
    }

    @Test
    void a_sale_whose_commit_went_unacknowledged_is_answered_with_what_the_database_kept_not_96() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        Step step = new Step(
                "purchase",
                (caller, req, resp, f60) -> {
                    if (runs.incrementAndGet() == 1) {
                        resp.set(39, ResponseCode.APPROVED); // set, then the commit's answer is lost
                        throw commitAcknowledgementLost();
                    }
                    resp.set(39, ResponseCode.APPROVED); // the repeat finds the committed sale and replays its answer
                    resp.set(38, "123456");
                },
                5_000);
        Context ctx = context();
        int result = step.prepare(1, ctx);
        assertThat(result & TransactionParticipant.PREPARED).isEqualTo(TransactionParticipant.PREPARED);
        ISOMsg response = ctx.get(HostContext.RESPONSE);
        assertThat(response.getString(39)).isEqualTo(ResponseCode.APPROVED);
        assertThat(runs.get()).isEqualTo(2);
    }

    @Test
    void a_database_that_does_not_come_back_leaves_the_terminal_without_an_answer_so_that_it_reverses()
            throws Exception {
        Step step = new Step(
                "purchase",
                (caller, req, resp, f60) -> {
                    throw new DataAccessResourceFailureException("Unable to acquire JDBC Connection");
                },
                600);
        Context ctx = context();
        int result = step.prepare(1, ctx);
        assertThat(result & TransactionParticipant.PREPARED).isZero();
        assertThat((Object) ctx.get(HostContext.RESPONSE))
                .as("no 96: the outcome is unknown")
                .isNull();
    }

    @Test
    void a_failure_that_is_not_the_connection_still_answers_96() throws Exception {
        Step step = new Step(
                "purchase",
                (caller, req, resp, f60) -> {
                    throw new IllegalStateException("a bug");
                },
                5_000);
        Context ctx = context();
        step.prepare(1, ctx);
        ISOMsg response = ctx.get(HostContext.RESPONSE);
        assertThat(response.getString(39)).isEqualTo(ResponseCode.SYSTEM_ERROR);
        assertThat(Step.connectionLost(commitAcknowledgementLost())).isTrue();
        assertThat(Step.connectionLost(new IllegalStateException("x"))).isFalse();
        // as the cluster test met it: the commit's failure hidden by a rollback on the connection Hikari had closed
        assertThat(Step.connectionLost(
                        new org.springframework.orm.jpa.JpaSystemException(new org.hibernate.TransactionException(
                                "Unable to rollback against JDBC Connection",
                                new java.sql.SQLException("Connection is closed")))))
                .isTrue();
        assertThat(Step.connectionLost(new org.springframework.dao.DuplicateKeyException("uq")))
                .isFalse();
    }
}
