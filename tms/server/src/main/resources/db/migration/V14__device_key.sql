-- Device-bound activation: the device's public key from the factory list, registered when stock is imported; an
-- activation with any other key is refused.
ALTER TABLE device
  ADD COLUMN device_public_key VARBINARY(800) NULL,
  ADD COLUMN device_key_sha256 VARCHAR(64)    NULL;
