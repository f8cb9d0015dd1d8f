-- the fee plan the merchant accepted (MDR per card type, caps per sale) and where and when its money goes
ALTER TABLE merchant
  ADD COLUMN fee_plan           VARCHAR(32) NOT NULL DEFAULT 'STANDARD',
  ADD COLUMN debit_rate_bp      INT         NOT NULL DEFAULT 38,
  ADD COLUMN debit_cap_fen      BIGINT      NULL     DEFAULT 2000,
  ADD COLUMN credit_rate_bp     INT         NOT NULL DEFAULT 60,
  ADD COLUMN credit_cap_fen     BIGINT      NULL,
  ADD COLUMN settlement_cycle   VARCHAR(2)  NOT NULL DEFAULT 'T1',
  ADD COLUMN settlement_account VARCHAR(32) NULL;

-- one payout per closed batch, written in the transaction that closes the batch
CREATE TABLE payout (
  id             BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  merchant_id    BIGINT       NOT NULL,
  batch_id       BIGINT       NOT NULL UNIQUE,
  fee_plan       VARCHAR(32)  NOT NULL,
  business_date  DATE         NOT NULL,
  value_date     DATE         NOT NULL,
  gross_fen      BIGINT       NOT NULL,
  refunds_fen    BIGINT       NOT NULL,
  fee_fen        BIGINT       NOT NULL,
  net_fen        BIGINT       NOT NULL,
  sale_count     INT          NOT NULL,
  refund_count   INT          NOT NULL,
  status         VARCHAR(12)  NOT NULL,
  run_date       DATE         NULL,
  created_at     TIMESTAMP(3) NOT NULL,
  CONSTRAINT fk_payout_merchant FOREIGN KEY (merchant_id) REFERENCES merchant (id),
  CONSTRAINT fk_payout_batch FOREIGN KEY (batch_id) REFERENCES batch (id),
  INDEX ix_payout_due (status, value_date),
  INDEX ix_payout_merchant (merchant_id, created_at)
) ENGINE=InnoDB;

CREATE TABLE payout_line (
  id          BIGINT      NOT NULL AUTO_INCREMENT PRIMARY KEY,
  payout_id   BIGINT      NOT NULL,
  txn_id      BIGINT      NOT NULL UNIQUE,
  kind        VARCHAR(16) NOT NULL,
  card_type   VARCHAR(8)  NULL,
  amount_fen  BIGINT      NOT NULL,
  fee_fen     BIGINT      NOT NULL,
  net_fen     BIGINT      NOT NULL,
  CONSTRAINT fk_line_payout FOREIGN KEY (payout_id) REFERENCES payout (id),
  CONSTRAINT fk_line_txn FOREIGN KEY (txn_id) REFERENCES txn (id)
) ENGINE=InnoDB;

-- the payout file of a value date: made once, the same file every time it is asked for again
CREATE TABLE payout_run (
  value_date   DATE         NOT NULL PRIMARY KEY,
  transfers    INT          NOT NULL,
  total_fen    BIGINT       NOT NULL,
  csv          MEDIUMTEXT   NOT NULL,
  created_by   VARCHAR(64)  NOT NULL,
  created_at   TIMESTAMP(3) NOT NULL
) ENGINE=InnoDB;

-- double-entry ledger: every posting's debits equal its credits; entries are never changed
CREATE TABLE ledger_entry (
  id           BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  posting      VARCHAR(40)  NOT NULL,
  account      VARCHAR(32)  NOT NULL,
  merchant_id  BIGINT       NULL,
  debit_fen    BIGINT       NOT NULL,
  credit_fen   BIGINT       NOT NULL,
  memo         VARCHAR(100) NOT NULL,
  created_at   TIMESTAMP(3) NOT NULL,
  INDEX ix_ledger_posting (posting),
  INDEX ix_ledger_account (account, merchant_id)
) ENGINE=InnoDB;

CREATE TRIGGER ledger_entry_no_update BEFORE UPDATE ON ledger_entry FOR EACH ROW
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'ledger entries are append-only';
CREATE TRIGGER ledger_entry_no_delete BEFORE DELETE ON ledger_entry FOR EACH ROW
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'ledger entries are append-only';
