-- the e-receipt: an approved transaction's answer carries a random token (field 63); the receipt's QR code links to
-- the portal's page for it, which asks the TMS by token
ALTER TABLE txn
  ADD COLUMN receipt_token VARCHAR(22) NULL,
  ADD UNIQUE KEY uq_txn_receipt_token (receipt_token);
