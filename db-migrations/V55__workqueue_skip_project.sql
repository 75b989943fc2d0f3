-- Skips by project, newest first, for the administrators' list of skips (optionally by reason).
ALTER TABLE task_skip ADD COLUMN project_id bigint REFERENCES project (id) ON DELETE CASCADE;
UPDATE task_skip s SET project_id = i.project_id FROM item i WHERE i.id = s.item_id;
ALTER TABLE task_skip ALTER COLUMN project_id SET NOT NULL;
CREATE INDEX task_skip_project_idx ON task_skip (project_id, id DESC);
CREATE INDEX task_skip_project_reason_idx ON task_skip (project_id, reason_code, id DESC);
