-- Portal schema: applications for a personal POS, their status history and shipments. Identity and card numbers
-- are stored encrypted (AES-GCM, key outside the database) with a masked copy for display and a keyed hash for
-- duplicate checks. MySQL/MariaDB syntax.

CREATE TABLE application (
  id                      BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  applicant_subject       VARCHAR(64)   NOT NULL,
  applicant_username      VARCHAR(100)  NOT NULL,
  legal_name              VARCHAR(50)   NOT NULL,
  id_number_enc           VARCHAR(255)  NOT NULL,
  id_number_masked        VARCHAR(18)   NOT NULL,
  id_number_hash          VARCHAR(64)   NOT NULL,
  birth_date              DATE          NOT NULL,
  region_code             VARCHAR(6)    NOT NULL,
  phone                   VARCHAR(11)   NOT NULL,
  settlement_card_enc     VARCHAR(255)  NOT NULL,
  settlement_card_masked  VARCHAR(23)   NOT NULL,
  settlement_bank         VARCHAR(50)   NOT NULL,
  shipping_address        VARCHAR(200)  NOT NULL,
  city                    VARCHAR(50)   NOT NULL,
  status                  VARCHAR(16)   NOT NULL,
  reject_reason           VARCHAR(200)  NULL,
  merchant_mid            VARCHAR(15)   NULL UNIQUE,
  created_at              TIMESTAMP(3)  NOT NULL,
  updated_at              TIMESTAMP(3)  NOT NULL,
  version                 BIGINT        NOT NULL DEFAULT 0,
  INDEX ix_application_subject (applicant_subject),
  INDEX ix_application_status (status, created_at),
  INDEX ix_application_id_hash (id_number_hash)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE application_event (
  id              BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  application_id  BIGINT        NOT NULL,
  status          VARCHAR(16)   NOT NULL,
  actor           VARCHAR(100)  NOT NULL,
  note            VARCHAR(200)  NULL,
  at              TIMESTAMP(3)  NOT NULL,
  CONSTRAINT fk_event_application FOREIGN KEY (application_id) REFERENCES application (id),
  INDEX ix_event_application (application_id, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE shipment (
  id                      BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  application_id          BIGINT        NOT NULL UNIQUE,
  serial                  VARCHAR(32)   NOT NULL,
  model                   VARCHAR(32)   NOT NULL,
  tid                     VARCHAR(8)    NOT NULL,
  activation_code         VARCHAR(8)    NOT NULL,
  activation_expires_at   TIMESTAMP(3)  NOT NULL,
  shipped_by              VARCHAR(100)  NOT NULL,
  shipped_at              TIMESTAMP(3)  NOT NULL,
  CONSTRAINT fk_shipment_application FOREIGN KEY (application_id) REFERENCES application (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
