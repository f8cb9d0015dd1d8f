-- The portal language each signed-in person chose (issue 19): remembered across sessions and devices, by Keycloak
-- subject. Until a person chooses, the portal follows the browser's Accept-Language.
CREATE TABLE user_language (
  subject    VARCHAR(64)  NOT NULL PRIMARY KEY,
  language   VARCHAR(8)   NOT NULL,
  updated_at TIMESTAMP(3) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- A check's detail in words of the reader's language: the bundle key (check.detail.*) and its arguments (separated by
-- U+001F; an argument starting with @ is itself a key, or keys joined by +). detail keeps the English words, as
-- before, for older rows and the logs.
ALTER TABLE kyc_check
  ADD COLUMN detail_key  VARCHAR(64)   NULL AFTER detail,
  ADD COLUMN detail_args VARCHAR(1000) NULL AFTER detail_key;
