-- Batch upload (0320) after an unbalanced settlement: the terminal's lines, then the differences the host found.
CREATE TABLE batch_upload_line (
  id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  batch_id      BIGINT       NOT NULL,
  stan          INT          NOT NULL,
  kind          VARCHAR(16)  NOT NULL,
  amount_fen    BIGINT       NOT NULL,
  created_at    TIMESTAMP(3) NOT NULL,
  CONSTRAINT uq_upload_line UNIQUE (batch_id, stan),
  CONSTRAINT fk_upload_batch FOREIGN KEY (batch_id) REFERENCES batch (id)
) ENGINE=InnoDB;

CREATE TABLE settlement_difference (
  id                BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  batch_id          BIGINT       NOT NULL,
  stan              INT          NOT NULL,
  kind              VARCHAR(16)  NOT NULL,
  host_amount_fen   BIGINT       NULL,
  terminal_amount_fen BIGINT     NULL,
  reason            VARCHAR(32)  NOT NULL,
  created_at        TIMESTAMP(3) NOT NULL,
  CONSTRAINT fk_difference_batch FOREIGN KEY (batch_id) REFERENCES batch (id),
  INDEX ix_difference_batch (batch_id)
) ENGINE=InnoDB;
