-- A device can be swapped after shipping: an application may have several shipments, the newest is the device in
-- use; a replaced one keeps when and why.
ALTER TABLE shipment ADD INDEX ix_shipment_application (application_id, id);
ALTER TABLE shipment DROP INDEX application_id;
ALTER TABLE shipment
  ADD COLUMN replaced_at     TIMESTAMP(3) NULL,
  ADD COLUMN replace_reason  VARCHAR(200) NULL;
