-- Authenticated sign-on: the highest sign-on counter accepted from the terminal (a replayed sign-on is refused),
-- and a TMK being rotated (delivered by a TMK_ROTATION push task, in force from the first sign-on made under it).
ALTER TABLE terminal_key
  ADD COLUMN signon_counter  BIGINT        NOT NULL DEFAULT 0,
  ADD COLUMN pending_tmk_lmk VARBINARY(64) NULL,
  ADD COLUMN pending_tmk_kcv VARCHAR(8)    NULL;
