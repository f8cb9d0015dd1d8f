-- a refund the merchant asked for in the portal; the terminal that took the sale carries it out (push task REFUND)
CREATE TABLE refund_request (
  id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  merchant_id   BIGINT       NOT NULL,
  txn_id        BIGINT       NOT NULL,
  amount_fen    BIGINT       NOT NULL,
  request_ref   VARCHAR(64)  NOT NULL UNIQUE,
  requested_by  VARCHAR(100) NOT NULL,
  status        VARCHAR(12)  NOT NULL,
  reason        VARCHAR(200) NULL,
  task_id       BIGINT       NULL UNIQUE,
  created_at    TIMESTAMP(3) NOT NULL,
  finished_at   TIMESTAMP(3) NULL,
  CONSTRAINT fk_refund_request_merchant FOREIGN KEY (merchant_id) REFERENCES merchant (id),
  CONSTRAINT fk_refund_request_txn FOREIGN KEY (txn_id) REFERENCES txn (id),
  CONSTRAINT ck_refund_request_amount CHECK (amount_fen > 0),
  INDEX ix_refund_request_txn (txn_id, status)
);

