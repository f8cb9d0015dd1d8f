-- Messages leave through real carriers (issue 19): which carrier took each message and under which id, the carrier's
-- delivery receipt, and retries with backoff.
ALTER TABLE outbox_message
  MODIFY status VARCHAR(12) NOT NULL,
  ADD COLUMN carrier         VARCHAR(8)   NULL AFTER status,
  ADD COLUMN carrier_id      VARCHAR(255) NULL AFTER carrier,
  ADD COLUMN next_attempt_at TIMESTAMP(3) NULL AFTER attempts,
  ADD COLUMN last_error      VARCHAR(200) NULL AFTER next_attempt_at,
  ADD COLUMN delivered_at    TIMESTAMP(3) NULL AFTER sent_at,
  ADD INDEX ix_outbox_due (status, next_attempt_at, id),
  ADD INDEX ix_outbox_carrier_id (carrier, carrier_id);

-- A carrier's delivery receipt, written down as it arrives: it may come before the relay's transaction that handed the
-- message over has committed, so it is applied to its message by id once that message is there (applied_at set).
CREATE TABLE outbox_receipt (
  id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  carrier     VARCHAR(8)   NOT NULL,
  carrier_id  VARCHAR(64)  NOT NULL,
  state       VARCHAR(12)  NOT NULL,
  received_at TIMESTAMP(3) NOT NULL,
  applied_at  TIMESTAMP(3) NULL,
  UNIQUE KEY uq_receipt (carrier, carrier_id, state),
  INDEX ix_receipt_unapplied (applied_at, id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
