-- How each terminal reaches the TMS, from its heartbeat (issue 19): the link (WIFI, CELLULAR, ETHERNET) and the
-- radio's signal in dBm; the fleet page filters by the link.
ALTER TABLE device
  ADD COLUMN connectivity VARCHAR(12) NULL AFTER paper_present,
  ADD COLUMN signal_dbm   INT         NULL AFTER connectivity,
  ADD INDEX ix_device_connectivity (connectivity, status);
