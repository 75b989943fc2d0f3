-- Extra rank slots for items whose rankings disagree: made one at a time after a completed round
-- (or several by an administrator's request), never counted as one of an item's ordinary slots, so
-- a settings change never removes them.
ALTER TABLE task ADD COLUMN extra boolean NOT NULL DEFAULT false;

-- How many extra rank slots the item has been given, automatically and by hand. The statement that
-- adds an extra slot increments it in the same statement and only when it still equals the number
-- of extra slots that statement sees, so two servers finishing an item's last two rankings at the
-- same moment add one slot, never two, and never more than the project's maximum.
ALTER TABLE queue_item ADD COLUMN extra_rankings int NOT NULL DEFAULT 0 CHECK (extra_rankings >= 0);
