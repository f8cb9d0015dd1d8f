-- Every call of a terminal on the management channel (heartbeat, long poll, task result) finds its device by the
-- credential's hash: without a key that was a scan of the whole device table per call (docs/benchmarks.md, "Push
-- fan-out"). A credential belongs to one device only.
ALTER TABLE device ADD UNIQUE KEY uq_device_credential (credential_hash);
