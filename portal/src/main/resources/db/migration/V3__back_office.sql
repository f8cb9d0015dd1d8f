-- The staff back office: risk rules as versioned data, risk outcome on each application, the four-eyes approval,
-- requests for more information, the contact log, fee plans, and the append-only audit log.

-- A version of the whole rule set; the newest is in force. Rules are JSON: name, condition (a Spring expression over
-- the application's facts), score, decision, reason. Applications keep the version that was in force when submitted.
CREATE TABLE risk_rule_set (
  version      INT           NOT NULL PRIMARY KEY,
  rules_json   TEXT          NOT NULL,
  note         VARCHAR(200)  NOT NULL,
  created_by   VARCHAR(100)  NOT NULL,
  created_at   TIMESTAMP(3)  NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

INSERT INTO risk_rule_set (version, rules_json, note, created_by, created_at) VALUES (1, '[
 {"name":"bank-mismatch","condition":"fourElements == ''INCONSISTENT''","score":100,"decision":"AUTO_REJECT","reason":"银行核验不一致：姓名、身份证号、手机号与结算卡开户信息不符","reasonEn":"The bank''s records do not match the name, ID number or mobile number of the settlement card''s holder"},
 {"name":"bank-no-record","condition":"fourElements == ''NO_RECORD''","score":100,"decision":"AUTO_REJECT","reason":"银行未查到该结算卡，请确认卡号","reasonEn":"The bank has no record of the settlement card; please check the number"},
 {"name":"settlement-card-is-credit","condition":"settlementCardType == ''CREDIT''","score":100,"decision":"AUTO_REJECT","reason":"银行确认该结算卡为信用卡，结算卡必须是借记卡","reasonEn":"The bank reports the settlement card as a credit card; it must be a debit card"},
 {"name":"credit-card-not-holders","condition":"creditStanding == ''FAIL''","score":60,"decision":"MANUAL_REVIEW","reason":"","reasonEn":""},
 {"name":"credit-check-unavailable","condition":"creditStanding == ''ERROR''","score":20,"decision":"MANUAL_REVIEW","reason":"","reasonEn":""},
 {"name":"same-phone-3-plus","condition":"samePhoneApplications >= 3","score":50,"decision":"MANUAL_REVIEW","reason":"","reasonEn":""},
 {"name":"young-applicant","condition":"age < 22","score":10,"decision":"NONE","reason":"","reasonEn":""},
 {"name":"earlier-applications-on-id","condition":"sameIdApplications >= 1","score":10,"decision":"NONE","reason":"","reasonEn":""}
]', 'default rules: the applicant checks, plus the same phone on 3 or more applications', 'system', CURRENT_TIMESTAMP(3));

ALTER TABLE application
  ADD COLUMN phone_hash          VARCHAR(64)  NULL AFTER phone_masked,
  ADD COLUMN rule_version        INT          NULL,
  ADD COLUMN risk_score          INT          NULL,
  ADD COLUMN risk_decision       VARCHAR(16)  NULL,
  ADD COLUMN risk_rules          VARCHAR(500) NULL,
  ADD COLUMN first_approver      VARCHAR(100) NULL,
  ADD COLUMN first_approved_at   TIMESTAMP(3) NULL,
  ADD COLUMN recommended_model   VARCHAR(32)  NULL,
  ADD COLUMN fee_plan            VARCHAR(16)  NULL,
  ADD COLUMN info_request        VARCHAR(500) NULL,
  ADD COLUMN info_response       VARCHAR(1000) NULL,
  ADD INDEX ix_application_region (region_code, created_at),
  ADD INDEX ix_application_birth (birth_date),
  ADD INDEX ix_application_risk (risk_score, created_at),
  ADD INDEX ix_application_phone (phone_hash),
  ADD INDEX ix_application_created (created_at);

-- Each call staff make to an applicant.
CREATE TABLE contact_log (
  id                 BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  application_id     BIGINT        NOT NULL,
  staff              VARCHAR(100)  NOT NULL,
  at                 TIMESTAMP(3)  NOT NULL,
  outcome            VARCHAR(16)   NOT NULL,
  notes              VARCHAR(1000) NULL,
  recommended_model  VARCHAR(32)   NULL,
  CONSTRAINT fk_contact_application FOREIGN KEY (application_id) REFERENCES application (id),
  INDEX ix_contact_application (application_id, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Merchant discount rates per card type, in basis points, with a cap per sale in fen (NULL: no cap).
CREATE TABLE fee_plan (
  code              VARCHAR(16)  NOT NULL PRIMARY KEY,
  name_zh           VARCHAR(50)  NOT NULL,
  name_en           VARCHAR(50)  NOT NULL,
  debit_rate_bp     INT          NOT NULL,
  debit_cap_fen     BIGINT       NULL,
  credit_rate_bp    INT          NOT NULL,
  credit_cap_fen    BIGINT       NULL,
  active            BOOLEAN      NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

INSERT INTO fee_plan VALUES
  ('STANDARD', '标准费率', 'Standard', 38, 2000, 60, NULL, TRUE),
  ('FOOD', '餐饮优惠费率', 'Food and drink', 30, 1500, 55, NULL, TRUE);

-- The audit log: appended to in the transaction of the action it records, never changed. The triggers refuse
-- updates and deletes to everybody, the portal included.
CREATE TABLE audit_entry (
  id           BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  at           TIMESTAMP(3)  NOT NULL,
  actor        VARCHAR(100)  NOT NULL,
  action       VARCHAR(40)   NOT NULL,
  target_type  VARCHAR(40)   NOT NULL,
  target_id    VARCHAR(64)   NULL,
  before_json  TEXT          NULL,
  after_json   TEXT          NULL,
  INDEX ix_audit_at (at),
  INDEX ix_audit_target (target_type, target_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry FOR EACH ROW
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'the audit log is append-only';

CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry FOR EACH ROW
  SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'the audit log is append-only';
