-- Configuration profiles as versioned templates, overrides per group (model, merchant, region) and per terminal,
-- and push tasks with their delivery state per terminal.

CREATE TABLE config_version (
  version       INT           NOT NULL PRIMARY KEY,
  settings_json TEXT          NOT NULL,
  note          VARCHAR(200)  NOT NULL,
  published_by  VARCHAR(100)  NOT NULL,
  published_at  TIMESTAMP(3)  NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

INSERT INTO config_version (version, settings_json, note, published_by, published_at) VALUES (1, '{
 "currency":"156","country":"156",
 "contactlessTransactionLimitFen":500000,"contactlessFloorLimitFen":0,"cvmRequiredLimitFen":100000,
 "aids":["A000000333010101","A000000333010102","A000000333010103","A0000000031010","A0000000041010"],
 "caPublicKeyIndexes":{"A000000333":["03","04","08","09"],"A000000003":["08","09"],"A000000004":["05","06"]},
 "terminalCapabilities":"E0F8C8","terminalType":"22","additionalCapabilities":"6000F0A001",
 "autoSettlementTime":"23:30","receiptFooter":"谢谢惠顾 Thank you","hostTimeoutMillis":30000,"hostRetries":1
}', 'defaults of docs/protocol.md', 'system', CURRENT_TIMESTAMP(3));

CREATE TABLE config_override (
  id            BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  scope         VARCHAR(16)   NOT NULL,
  scope_key     VARCHAR(64)   NOT NULL,
  settings_json TEXT          NOT NULL,
  updated_by    VARCHAR(100)  NOT NULL,
  updated_at    TIMESTAMP(3)  NOT NULL,
  UNIQUE KEY uq_override (scope, scope_key)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE push_task (
  id            BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  device_id     BIGINT        NOT NULL,
  kind          VARCHAR(16)   NOT NULL,
  payload_json  TEXT          NOT NULL,
  status        VARCHAR(12)   NOT NULL,
  attempts      INT           NOT NULL DEFAULT 0,
  reason        VARCHAR(200)  NULL,
  batch_ref     VARCHAR(64)   NOT NULL,
  created_by    VARCHAR(100)  NOT NULL,
  created_at    TIMESTAMP(3)  NOT NULL,
  delivered_at  TIMESTAMP(3)  NULL,
  finished_at   TIMESTAMP(3)  NULL,
  version       BIGINT        NOT NULL DEFAULT 0,
  CONSTRAINT fk_task_device FOREIGN KEY (device_id) REFERENCES device (id),
  INDEX ix_task_device (device_id, status, id),
  INDEX ix_task_batch (batch_ref, status)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

ALTER TABLE device ADD COLUMN config_version INT NULL;
