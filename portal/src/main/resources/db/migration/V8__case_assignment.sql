-- The staff member working a case: only they may reveal its personal numbers, each time with a stated reason.
ALTER TABLE application
  ADD COLUMN assigned_to VARCHAR(100) NULL,
  ADD COLUMN assigned_at TIMESTAMP(3) NULL;
