-- A terminal's recent log, uploaded for a LOG_UPLOAD task (issue 19, remote diagnostics): redacted by the terminal
-- and again on arrival, at most 256 KiB, the last 10 of each device kept. Sending the log of a task again replaces it.
CREATE TABLE device_log (
  id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  device_id   BIGINT       NOT NULL,
  task_id     BIGINT       NOT NULL,
  received_at TIMESTAMP(3) NOT NULL,
  bytes       INT          NOT NULL,
  line_count  INT          NOT NULL,
  -- replacements the TMS made on arrival: anything above 0 means the terminal let card data or key material through
  redacted    INT          NOT NULL,
  content     MEDIUMTEXT   NOT NULL,
  UNIQUE KEY uq_device_log_task (task_id),
  KEY ix_device_log_device (device_id, id),
  CONSTRAINT fk_device_log_device FOREIGN KEY (device_id) REFERENCES device (id),
  CONSTRAINT fk_device_log_task FOREIGN KEY (task_id) REFERENCES push_task (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
