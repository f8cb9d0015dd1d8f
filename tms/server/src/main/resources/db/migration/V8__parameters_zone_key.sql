-- CA public keys of the card schemes, downloaded by terminals (0800, 60.3 = 370..372)
CREATE TABLE ca_public_key (
  rid         VARCHAR(10)  NOT NULL,
  key_index   INT          NOT NULL,
  expiry      VARCHAR(8)   NOT NULL,
  modulus     VARCHAR(496) NOT NULL,
  exponent    VARCHAR(6)   NOT NULL,
  checksum    VARCHAR(40)  NOT NULL,
  created_at  TIMESTAMP(3) NOT NULL,
  PRIMARY KEY (rid, key_index)
) ENGINE=InnoDB;

-- keys the host shares with another party (the issuer): the zone PIN key, kept only under the LMK
CREATE TABLE zone_key (
  name        VARCHAR(32)   NOT NULL PRIMARY KEY,
  key_lmk     VARBINARY(64) NOT NULL,
  kcv         VARCHAR(8)    NOT NULL,
  created_at  TIMESTAMP(3)  NOT NULL
) ENGINE=InnoDB;

-- the issuer's card accounts: card type for the fee plan, a daily limit (61), wrong PINs in a row (75 at 3)
ALTER TABLE issuer_account
  ADD COLUMN card_type       VARCHAR(8) NOT NULL DEFAULT 'DEBIT',
  ADD COLUMN daily_limit_fen BIGINT     NULL,
  ADD COLUMN spent_today_fen BIGINT     NOT NULL DEFAULT 0,
  ADD COLUMN spent_on        DATE       NULL,
  ADD COLUMN pin_failures    INT        NOT NULL DEFAULT 0;

ALTER TABLE txn ADD COLUMN card_type VARCHAR(8) NULL;
