-- Online PIN: the issuer simulator keeps a keyed hash of PAN and PIN (never the PIN), as a PIN verification value.
ALTER TABLE issuer_account ADD COLUMN pin_hash VARCHAR(64) NULL;
