-- Money-path integrity (issue 14): the issuer's postings and card counters, why a transaction was declined, the
-- books check's runs, and refund requests that expire.

-- Every movement of an issuer account, so that its balance can be proved: balance = opening + sum(postings).
ALTER TABLE issuer_account
  ADD COLUMN opening_fen BIGINT NULL,
  ADD COLUMN last_atc    INT    NULL;
UPDATE issuer_account SET opening_fen = balance_fen;
ALTER TABLE issuer_account MODIFY opening_fen BIGINT NOT NULL;

CREATE TABLE issuer_posting (
  id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  pan_hash    VARCHAR(64)  NOT NULL,
  -- negative: taken from the card; positive: given back
  amount_fen  BIGINT       NOT NULL,
  kind        VARCHAR(16)  NOT NULL,
  -- the acquirer's reference of the journal line that moved the money: device id, batch and STAN
  reference   VARCHAR(40)  NOT NULL,
  created_at  TIMESTAMP(6) NOT NULL,
  KEY ix_posting_card (pan_hash),
  KEY ix_posting_reference (reference)
) ENGINE=InnoDB;

-- Each application transaction counter a card has used: a cryptogram is accepted once.
CREATE TABLE issuer_atc (
  pan_hash    VARCHAR(64)  NOT NULL,
  atc         INT          NOT NULL,
  reference   VARCHAR(40)  NOT NULL,
  created_at  TIMESTAMP(6) NOT NULL,
  PRIMARY KEY (pan_hash, atc)
) ENGINE=InnoDB;

ALTER TABLE txn ADD COLUMN decline_reason VARCHAR(40) NULL;

CREATE TABLE books_check_run (
  id           BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  started_at   TIMESTAMP(6) NOT NULL,
  finished_at  TIMESTAMP(6) NOT NULL,
  triggered_by VARCHAR(64)  NOT NULL,
  checks       INT          NOT NULL,
  differences  INT          NOT NULL,
  report       MEDIUMTEXT   NOT NULL
) ENGINE=InnoDB;

-- the journal line's acquirer reference (as the issuer's postings name it), kept by the database itself
ALTER TABLE txn ADD COLUMN reference VARCHAR(40) AS (concat('D', device_id, '-B', batch_no, '-S', stan)) PERSISTENT,
  ADD KEY ix_txn_reference (reference);
