-- Gold tasks: a rank task of a gold item made for one person when the queue hands it to them. Gold
-- items get no ordinary slots; a gold task never counts as one of an item's slots and is never
-- claimed by anyone else (the claim index leaves gold tasks out).
ALTER TABLE task ADD COLUMN gold_for bigint REFERENCES app_user (id) ON DELETE CASCADE;
CREATE UNIQUE INDEX task_gold_key ON task (item_id, gold_for) WHERE gold_for IS NOT NULL;

DROP INDEX task_claim_idx;
CREATE INDEX task_claim_idx ON task
    (project_id, kind, priority DESC, id, (coalesce(lease_expires_at, '-infinity'::timestamptz)))
    WHERE state <> 'DONE' AND gold_for IS NULL;

-- Items with a gold answer (from ingest's GoldAnswersChanged).
ALTER TABLE queue_item ADD COLUMN gold boolean NOT NULL DEFAULT false;
CREATE INDEX queue_item_gold_idx ON queue_item (project_id, item_id) WHERE gold;

-- How many tasks each person was handed in a project since the queue started counting (projects
-- with gold items only): every gold_rate-th is a gold task.
CREATE TABLE gold_pace (
    project_id  bigint NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    user_id     bigint NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    handed_out  bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (project_id, user_id)
);
