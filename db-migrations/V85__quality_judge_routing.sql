-- Routing the items a judge is unsure of to people (docs/quality.md, "Routing to people").
-- The project option lives beside the project's other model settings (generation's assist_settings,
-- shown on the Model help page); quality reads it through generation.AssistSettings. A project
-- without a row has routing off.
ALTER TABLE assist_settings ADD COLUMN judge_routing boolean NOT NULL DEFAULT false;

-- The items routed to people, once per item and reason: INCONSISTENT (the judge's two orders
-- ranked differently) or DISAGREES (the judge's combined verdict differs from the item's first human
-- ranking). The primary key is the guard: of two servers routing an item for the same reason at
-- once, the second insert waits for the first to commit and then adds nothing, so the item gets one
-- extra rank slot (workqueue.ExtraRankings), never two.
CREATE TABLE judge_route (
    item_id     bigint      NOT NULL REFERENCES item (id) ON DELETE CASCADE,
    reason      text        NOT NULL CHECK (reason IN ('INCONSISTENT', 'DISAGREES')),
    project_id  bigint      NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    -- the machine judgments that led to it
    judgment_ids bigint[]   NOT NULL,
    -- whether the queue added the slot (not for gold items or items with fewer than two candidates)
    slot_added  boolean     NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (item_id, reason)
);
CREATE INDEX judge_route_project_idx ON judge_route (project_id, created_at);
