-- Voids and refunds point at their original purchase; a purchase keeps the total refunded so far.
ALTER TABLE txn ADD COLUMN original_id BIGINT NULL;
ALTER TABLE txn ADD COLUMN refunded_fen BIGINT NOT NULL DEFAULT 0;
ALTER TABLE txn ADD CONSTRAINT fk_txn_original FOREIGN KEY (original_id) REFERENCES txn (id);
