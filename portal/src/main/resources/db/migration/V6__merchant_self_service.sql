-- Merchant self-service: shop users, contact details and notification preferences, in-portal notifications,
-- disputes with evidence, announced fee plan changes.

-- a person who may use a shop's pages besides its owner (the applicant): a cashier sees but cannot refund
CREATE TABLE shop_user (
  id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  mid         VARCHAR(15)  NOT NULL,
  subject     VARCHAR(64)  NOT NULL UNIQUE,
  username    VARCHAR(100) NOT NULL,
  role        VARCHAR(12)  NOT NULL,
  created_by  VARCHAR(100) NOT NULL,
  created_at  TIMESTAMP(3) NOT NULL,
  INDEX ix_shop_user_mid (mid)
);

CREATE TABLE merchant_profile (
  mid                   VARCHAR(15)  NOT NULL PRIMARY KEY,
  contact_phone_enc     VARCHAR(255) NULL,
  contact_phone_masked  VARCHAR(20)  NULL,
  contact_email_enc     VARCHAR(512) NULL,
  contact_email_masked  VARCHAR(120) NULL,
  notify_sms            BOOLEAN      NOT NULL DEFAULT TRUE,
  notify_email          BOOLEAN      NOT NULL DEFAULT TRUE,
  muted_kinds           VARCHAR(200) NOT NULL DEFAULT '',
  updated_at            TIMESTAMP(3) NOT NULL
);

-- what the portal told a merchant; event_key makes each event a notification once, however often it is seen
CREATE TABLE merchant_notification (
  id          BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  mid         VARCHAR(15)   NOT NULL,
  kind        VARCHAR(24)   NOT NULL,
  event_key   VARCHAR(120)  NOT NULL,
  message     VARCHAR(1000) NOT NULL,
  created_at  TIMESTAMP(3)  NOT NULL,
  read_at     TIMESTAMP(3)  NULL,
  UNIQUE KEY uq_notification_event (mid, event_key),
  INDEX ix_notification_mid (mid, created_at)
);

CREATE TABLE dispute (
  id             BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  mid            VARCHAR(15)   NOT NULL,
  txn_id         BIGINT        NOT NULL,
  txn_summary    VARCHAR(200)  NOT NULL,
  kind           VARCHAR(12)   NOT NULL,
  reason         VARCHAR(40)   NOT NULL,
  amount_fen     BIGINT        NOT NULL,
  description    VARCHAR(2000) NOT NULL,
  answer         VARCHAR(2000) NULL,
  status         VARCHAR(16)   NOT NULL,
  respond_by     DATE          NULL,
  decision_note  VARCHAR(1000) NULL,
  decided_by     VARCHAR(100)  NULL,
  created_by     VARCHAR(100)  NOT NULL,
  created_at     TIMESTAMP(3)  NOT NULL,
  updated_at     TIMESTAMP(3)  NOT NULL,
  version        BIGINT        NOT NULL DEFAULT 0,
  CONSTRAINT ck_dispute_amount CHECK (amount_fen > 0),
  INDEX ix_dispute_mid (mid, created_at),
  INDEX ix_dispute_status (status, created_at)
);

CREATE TABLE dispute_evidence (
  id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  dispute_id    BIGINT       NOT NULL,
  filename      VARCHAR(200) NOT NULL,
  content_type  VARCHAR(40)  NOT NULL,
  size_bytes    INT          NOT NULL,
  sha256        CHAR(64)     NOT NULL,
  content       MEDIUMBLOB   NOT NULL,
  uploaded_by   VARCHAR(100) NOT NULL,
  uploaded_at   TIMESTAMP(3) NOT NULL,
  CONSTRAINT fk_evidence_dispute FOREIGN KEY (dispute_id) REFERENCES dispute (id),
  UNIQUE KEY uq_evidence_content (dispute_id, sha256)
);

-- a new fee plan is announced at least 30 days before it applies; the TMS gets it on its effective day
CREATE TABLE fee_plan_change (
  id              BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  mid             VARCHAR(15)  NOT NULL,
  fee_plan        VARCHAR(32)  NOT NULL,
  debit_rate_bp   INT          NOT NULL,
  debit_cap_fen   BIGINT       NULL,
  credit_rate_bp  INT          NOT NULL,
  credit_cap_fen  BIGINT       NULL,
  effective_on    DATE         NOT NULL,
  announced_by    VARCHAR(100) NOT NULL,
  announced_at    TIMESTAMP(3) NOT NULL,
  applied_at      TIMESTAMP(3) NULL,
  INDEX ix_fee_change_due (applied_at, effective_on)
);

-- when the merchant last asked for a new activation code (one per minute)
ALTER TABLE shipment ADD COLUMN code_issued_at TIMESTAMP(3) NULL;
