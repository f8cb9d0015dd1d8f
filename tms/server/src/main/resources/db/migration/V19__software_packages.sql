-- Terminal software packages and their staged rollouts (issue 19, point 2; docs/fleet.md, "Software packages").
-- A package is kept in 1 MiB chunks, so a terminal's range request reads only the chunks it needs and no row comes
-- near max_allowed_packet; every TMS instance serves it from the shared database.
CREATE TABLE software_package (
  id           BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
  version      VARCHAR(32)   NOT NULL,
  sha256       CHAR(64)      NOT NULL,
  size_bytes   BIGINT        NOT NULL,
  -- Ed25519 by the operator's release key over "shanfu-terminal-package-v1\n" + sha256, base64
  signature    VARCHAR(200)  NOT NULL,
  main_class   VARCHAR(200)  NOT NULL,
  uploaded_by  VARCHAR(100)  NOT NULL,
  uploaded_at  TIMESTAMP(3)  NOT NULL,
  UNIQUE KEY uq_software_version (version)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE software_package_chunk (
  package_id  BIGINT      NOT NULL,
  seq         INT         NOT NULL,
  data        MEDIUMBLOB  NOT NULL,
  PRIMARY KEY (package_id, seq),
  CONSTRAINT fk_chunk_package FOREIGN KEY (package_id) REFERENCES software_package (id)
) ENGINE=InnoDB;

-- A staged rollout: a share of a group first; paused by itself when the failure rate passes its threshold (its
-- undelivered tasks are HELD), resumed (optionally to a larger share) or rolled back by an admin.
CREATE TABLE software_rollout (
  batch_ref          VARCHAR(64)   NOT NULL PRIMARY KEY,
  version            VARCHAR(32)   NOT NULL,
  scope              VARCHAR(12)   NOT NULL,
  scope_key          VARCHAR(64)   NULL,
  percent            INT           NOT NULL,
  max_failure_pct    INT           NOT NULL,
  status             VARCHAR(12)   NOT NULL,
  status_reason      VARCHAR(200)  NULL,
  created_by         VARCHAR(100)  NOT NULL,
  created_at         TIMESTAMP(3)  NOT NULL,
  version_lock       BIGINT        NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
