-- The applicant journey: phone numbers encrypted like the other identity data, business type and addresses, the
-- optional credit card (kept masked only, never in full), verification checks, drafts, one-time phone codes,
-- courier tracking, and the notification outbox. Personal columns become nullable: withdrawing an application
-- erases them and keeps only what the rules need (the keyed hash of the ID number for the per-ID limit).

ALTER TABLE application
  DROP COLUMN phone,
  ADD COLUMN phone_enc           VARCHAR(255) NULL AFTER region_code,
  ADD COLUMN phone_masked        VARCHAR(11)  NULL AFTER phone_enc,
  ADD COLUMN applicant_email     VARCHAR(255) NULL AFTER applicant_username,
  ADD COLUMN language            VARCHAR(8)   NOT NULL DEFAULT 'zh' AFTER applicant_email,
  ADD COLUMN mcc                 VARCHAR(4)   NOT NULL DEFAULT '5411' AFTER settlement_bank,
  ADD COLUMN credit_card_masked  VARCHAR(19)  NULL AFTER mcc,
  ADD COLUMN credit_card_bank    VARCHAR(50)  NULL AFTER credit_card_masked,
  ADD COLUMN business_address    VARCHAR(200) NULL AFTER credit_card_bank,
  ADD COLUMN preferred_model     VARCHAR(32)  NULL AFTER city,
  ADD COLUMN withdrawn_at        TIMESTAMP(3) NULL AFTER updated_at,
  MODIFY legal_name              VARCHAR(50)  NULL,
  MODIFY id_number_enc           VARCHAR(255) NULL,
  MODIFY id_number_masked        VARCHAR(18)  NULL,
  MODIFY birth_date              DATE         NULL,
  MODIFY settlement_card_enc     VARCHAR(255) NULL,
  MODIFY settlement_card_masked  VARCHAR(23)  NULL,
  MODIFY settlement_bank         VARCHAR(50)  NULL,
  MODIFY shipping_address        VARCHAR(200) NULL,
  MODIFY city                    VARCHAR(50)  NULL;

ALTER TABLE shipment
  ADD COLUMN courier          VARCHAR(16)  NULL,
  ADD COLUMN tracking_number  VARCHAR(32)  NULL,
  ADD COLUMN delivered_at     TIMESTAMP(3) NULL;

-- One draft per account, the whole form encrypted (it holds the same personal data as an application).
CREATE TABLE application_draft (
  applicant_subject  VARCHAR(64)  NOT NULL PRIMARY KEY,
  payload_enc        TEXT         NOT NULL,
  updated_at         TIMESTAMP(3) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- One-time codes proving a phone number: only the code's keyed hash is kept.
CREATE TABLE phone_verification (
  id                 BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  applicant_subject  VARCHAR(64)  NOT NULL,
  phone_hash         VARCHAR(64)  NOT NULL,
  code_hash          VARCHAR(64)  NOT NULL,
  sent_at            TIMESTAMP(3) NOT NULL,
  expires_at         TIMESTAMP(3) NOT NULL,
  attempts           INT          NOT NULL DEFAULT 0,
  verified_at        TIMESTAMP(3) NULL,
  version            BIGINT       NOT NULL DEFAULT 0,
  INDEX ix_phone_verification_phone (phone_hash, sent_at),
  INDEX ix_phone_verification_subject (applicant_subject, phone_hash)
) ENGINE=InnoDB;

CREATE TABLE phone_lock (
  phone_hash    VARCHAR(64)  NOT NULL PRIMARY KEY,
  locked_until  TIMESTAMP(3) NOT NULL,
  reason        VARCHAR(32)  NOT NULL
) ENGINE=InnoDB;

-- Every automatic check on an application, with its outcome: what staff see on the case page.
CREATE TABLE kyc_check (
  id              BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  application_id  BIGINT       NOT NULL,
  kind            VARCHAR(24)  NOT NULL,
  outcome         VARCHAR(8)   NOT NULL,
  detail          VARCHAR(200) NULL,
  at              TIMESTAMP(3) NOT NULL,
  CONSTRAINT fk_kyc_application FOREIGN KEY (application_id) REFERENCES application (id),
  INDEX ix_kyc_application (application_id, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Notifications are written here in the same transaction as the change they announce, then relayed.
CREATE TABLE outbox_message (
  id                BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  application_id    BIGINT       NULL,
  channel           VARCHAR(8)   NOT NULL,
  recipient_enc     VARCHAR(512) NULL,
  recipient_masked  VARCHAR(64)  NULL,
  subject           VARCHAR(200) NULL,
  body              VARCHAR(1000) NOT NULL,
  status            VARCHAR(8)   NOT NULL,
  attempts          INT          NOT NULL DEFAULT 0,
  erase_after_send  BOOLEAN      NOT NULL DEFAULT FALSE,
  created_at        TIMESTAMP(3) NOT NULL,
  sent_at           TIMESTAMP(3) NULL,
  INDEX ix_outbox_status (status, id),
  INDEX ix_outbox_application (application_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
