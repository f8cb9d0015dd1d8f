-- The simulated bank's cardholder records behind the identity verification simulator ("four elements": name, ID
-- number, card, phone). Every element is stored only as a keyed hash: the simulator answers "consistent or not"
-- exactly as the real bank-verification services do, without holding anybody's identity in clear.

CREATE TABLE cardholder (
  pan_hash      VARCHAR(64)  NOT NULL PRIMARY KEY,
  name_hash     VARCHAR(64)  NOT NULL,
  id_hash       VARCHAR(64)  NOT NULL,
  phone_hash    VARCHAR(64)  NOT NULL,
  card_type     VARCHAR(8)   NOT NULL,
  status        VARCHAR(16)  NOT NULL,
  created_at    TIMESTAMP(3) NOT NULL,
  INDEX ix_cardholder_id (id_hash)
) ENGINE=InnoDB;
