-- Export: the regression set (kind REGRESSION, format regression) can be frozen as a snapshot like
-- the SFT and preference exports; the kind checks of V30 and V103 named only those two.

ALTER TABLE snapshot DROP CONSTRAINT snapshot_kind_check;
ALTER TABLE snapshot ADD CONSTRAINT snapshot_kind_check CHECK (kind IN ('SFT', 'PREFERENCES', 'REGRESSION'));

ALTER TABLE snapshot_job DROP CONSTRAINT snapshot_job_kind_check;
ALTER TABLE snapshot_job ADD CONSTRAINT snapshot_job_kind_check CHECK (kind IN ('SFT', 'PREFERENCES', 'REGRESSION'));
