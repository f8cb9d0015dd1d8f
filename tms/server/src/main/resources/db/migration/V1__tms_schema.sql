-- TMS schema: device registry, merchants, keys (only under the local master key), the transaction journal,
-- batches and the issuer simulator's card accounts. MySQL/MariaDB syntax.

CREATE TABLE terminal_model (
  code          VARCHAR(32)  NOT NULL PRIMARY KEY,
  name          VARCHAR(100) NOT NULL,
  connectivity  VARCHAR(64)  NOT NULL,
  has_printer   BOOLEAN      NOT NULL,
  price_fen     BIGINT       NOT NULL
) ENGINE=InnoDB;

CREATE TABLE merchant (
  id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  mid           VARCHAR(15)     NULL UNIQUE,
  external_ref  VARCHAR(64)  NOT NULL UNIQUE,
  name          VARCHAR(100) NOT NULL,
  city          VARCHAR(50)  NOT NULL,
  mcc           VARCHAR(4)      NOT NULL,
  created_at    TIMESTAMP(3) NOT NULL
) ENGINE=InnoDB;

CREATE TABLE device (
  id                     BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  serial                 VARCHAR(32)  NOT NULL UNIQUE,
  model_code             VARCHAR(32)  NOT NULL,
  status                 VARCHAR(16)  NOT NULL,
  merchant_id            BIGINT       NULL,
  tid                    VARCHAR(8)      NULL UNIQUE,
  shipment_ref           VARCHAR(64)  NULL UNIQUE,
  activation_code_hash   VARCHAR(64)     NULL,
  activation_expires_at  TIMESTAMP(3) NULL,
  activation_failures    INT          NOT NULL DEFAULT 0,
  credential_hash        VARCHAR(64)     NULL,
  software_version       VARCHAR(32)  NULL,
  battery_percent        INT          NULL,
  paper_present          BOOLEAN      NULL,
  last_batch             INT          NULL,
  last_seen_at           TIMESTAMP(3) NULL,
  version                BIGINT       NOT NULL DEFAULT 0,
  CONSTRAINT fk_device_model FOREIGN KEY (model_code) REFERENCES terminal_model (code),
  CONSTRAINT fk_device_merchant FOREIGN KEY (merchant_id) REFERENCES merchant (id),
  INDEX ix_device_status (status)
) ENGINE=InnoDB;

CREATE TABLE device_event (
  id           BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  device_id    BIGINT       NOT NULL,
  from_status  VARCHAR(16)  NULL,
  to_status    VARCHAR(16)  NOT NULL,
  actor        VARCHAR(100) NOT NULL,
  reason       VARCHAR(255) NOT NULL,
  at           TIMESTAMP(3) NOT NULL,
  CONSTRAINT fk_event_device FOREIGN KEY (device_id) REFERENCES device (id),
  INDEX ix_event_device (device_id, at)
) ENGINE=InnoDB;

-- Every key column holds the key encrypted under the local master key (AES-256-GCM), never in the clear.
CREATE TABLE terminal_key (
  device_id          BIGINT       NOT NULL PRIMARY KEY,
  tmk_lmk            VARBINARY(64) NOT NULL,
  tmk_kcv            VARCHAR(8)      NOT NULL,
  pin_key_lmk        VARBINARY(64) NULL,
  mac_key_lmk        VARBINARY(64) NULL,
  data_key_lmk       VARBINARY(64) NULL,
  signed_on_at       TIMESTAMP(3) NULL,
  CONSTRAINT fk_key_device FOREIGN KEY (device_id) REFERENCES device (id)
) ENGINE=InnoDB;

CREATE TABLE batch (
  id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  device_id     BIGINT       NOT NULL,
  merchant_id   BIGINT       NOT NULL,
  batch_no      INT          NOT NULL,
  status        VARCHAR(16)  NOT NULL,
  opened_at     TIMESTAMP(3) NOT NULL,
  closed_at     TIMESTAMP(3) NULL,
  debit_total   BIGINT       NOT NULL DEFAULT 0,
  debit_count   INT          NOT NULL DEFAULT 0,
  credit_total  BIGINT       NOT NULL DEFAULT 0,
  credit_count  INT          NOT NULL DEFAULT 0,
  terminal_totals VARCHAR(62) NULL,
  balanced      BOOLEAN      NULL,
  CONSTRAINT uq_batch UNIQUE (device_id, batch_no),
  CONSTRAINT fk_batch_device FOREIGN KEY (device_id) REFERENCES device (id),
  INDEX ix_batch_merchant (merchant_id, opened_at)
) ENGINE=InnoDB;

-- The journal: written and committed before the answer leaves the host.
CREATE TABLE txn (
  id              BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  device_id       BIGINT       NOT NULL,
  merchant_id     BIGINT       NOT NULL,
  batch_no        INT          NOT NULL,
  stan            INT          NOT NULL,
  kind            VARCHAR(16)  NOT NULL,
  amount_fen      BIGINT       NOT NULL,
  currency        VARCHAR(3)      NOT NULL,
  pan_masked      VARCHAR(19)  NULL,
  pan_hash        VARCHAR(64)     NULL,
  pan_lmk         VARBINARY(64) NULL,
  card_scheme     VARCHAR(16)  NULL,
  response_code   VARCHAR(2)      NOT NULL,
  auth_code       VARCHAR(6)   NULL,
  rrn             VARCHAR(12)     NULL,
  status          VARCHAR(16)  NOT NULL,
  response_fields VARBINARY(1024) NOT NULL,
  created_at      TIMESTAMP(3) NOT NULL,
  CONSTRAINT uq_txn UNIQUE (device_id, batch_no, stan),
  CONSTRAINT fk_txn_device FOREIGN KEY (device_id) REFERENCES device (id),
  INDEX ix_txn_merchant (merchant_id, created_at)
) ENGINE=InnoDB;

CREATE TABLE issuer_account (
  pan_hash      VARCHAR(64)     NOT NULL PRIMARY KEY,
  pan_masked    VARCHAR(19)  NOT NULL,
  scheme        VARCHAR(16)  NOT NULL,
  expiry_yymm   VARCHAR(4)      NOT NULL,
  balance_fen   BIGINT       NOT NULL,
  status        VARCHAR(16)  NOT NULL,
  version       BIGINT       NOT NULL DEFAULT 0
) ENGINE=InnoDB;

INSERT INTO terminal_model (code, name, connectivity, has_printer, price_fen) VALUES
  ('SF-Q1', 'Shanfu Q1 mini (contactless, no printer)', 'Wi-Fi, 4G', FALSE, 9900),
  ('SF-P2', 'Shanfu P2 (contactless, thermal printer)', 'Wi-Fi, 4G', TRUE, 19900);
