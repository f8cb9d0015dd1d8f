-- Reversals (0400): one row per reversed TID + batch + STAN, whether or not the original reached the host,
-- so a repeated reversal is answered again without undoing twice.
CREATE TABLE reversal (
  id              BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  device_id       BIGINT       NOT NULL,
  batch_no        INT          NOT NULL,
  stan            INT          NOT NULL,
  amount_fen      BIGINT       NOT NULL,
  reason          VARCHAR(2)   NOT NULL,
  original_id     BIGINT       NULL,
  undone          BOOLEAN      NOT NULL,
  created_at      TIMESTAMP(3) NOT NULL,
  CONSTRAINT uq_reversal UNIQUE (device_id, batch_no, stan),
  CONSTRAINT fk_reversal_device FOREIGN KEY (device_id) REFERENCES device (id),
  CONSTRAINT fk_reversal_txn FOREIGN KEY (original_id) REFERENCES txn (id)
) ENGINE=InnoDB;
