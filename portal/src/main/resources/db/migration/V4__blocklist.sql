-- The blocklist: ID numbers, phone numbers and cards staff have barred (fraud, abuse), kept as keyed hashes only.
CREATE TABLE blocklist_entry (
  id          BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  kind        VARCHAR(16)   NOT NULL,
  value_hash  VARCHAR(64)   NOT NULL,
  reason      VARCHAR(200)  NOT NULL,
  added_by    VARCHAR(100)  NOT NULL,
  added_at    TIMESTAMP(3)  NOT NULL,
  UNIQUE KEY uq_blocklist (kind, value_hash)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Rules version 2: version 1 plus "on the blocklist → reject".
INSERT INTO risk_rule_set (version, rules_json, note, created_by, created_at)
SELECT 2, CONCAT(SUBSTRING(rules_json, 1, CHAR_LENGTH(rules_json) - 1),
  ',{"name":"blocklisted","condition":"blocklisted","score":100,"decision":"AUTO_REJECT","reason":"申请信息在禁止名单中，无法受理","reasonEn":"The application matches an entry of the blocklist and cannot be accepted"}]'),
  'adds the blocklist check', 'system', CURRENT_TIMESTAMP(3)
FROM risk_rule_set WHERE version = 1;
