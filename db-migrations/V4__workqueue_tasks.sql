-- Work slots: one row per required judgment (an item needing 3 rankings has 3 RANK rows).
-- Claiming is a single UPDATE ... WHERE id = (SELECT ... FOR UPDATE SKIP LOCKED) statement.
--
-- States: OPEN (nobody holds it), LEASED (assignee_id holds it until lease_expires_at; once that
-- has passed anyone else may claim it), DONE (an on-time judgment was stored; final: a task never
-- leaves DONE). An OPEN row has no assignee, token or expiry.

CREATE TABLE task (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id        bigint      NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    item_id           bigint      NOT NULL REFERENCES item (id) ON DELETE CASCADE,
    kind              text        NOT NULL CHECK (kind IN ('WRITE', 'RANK')),
    state             text        NOT NULL DEFAULT 'OPEN' CHECK (state IN ('OPEN', 'LEASED', 'DONE')),
    priority          int         NOT NULL DEFAULT 0,
    assignee_id       bigint      REFERENCES app_user (id),
    lease_token       uuid,
    leased_at         timestamptz,
    lease_expires_at  timestamptz,
    -- for RANK tasks: candidate external ids in the random order shown to whoever takes this task
    candidate_order   jsonb,
    done_at           timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    CHECK ((state = 'OPEN') = (assignee_id IS NULL) OR state = 'DONE'),
    CHECK (state <> 'OPEN' OR (lease_token IS NULL AND lease_expires_at IS NULL)),
    CHECK (state <> 'LEASED' OR (lease_token IS NOT NULL AND lease_expires_at IS NOT NULL))
) WITH (fillfactor = 80,
        autovacuum_vacuum_scale_factor = 0.0,
        autovacuum_vacuum_threshold = 5000,
        autovacuum_vacuum_cost_delay = 0,
        autovacuum_analyze_scale_factor = 0.02);

-- The claim index: rows that are not DONE, in claim order (priority, then age), with the time from
-- which each row is claimable as the last key column (-infinity for OPEN rows, the lease expiry for
-- LEASED ones). The claim's "claimable now" condition is checked inside the index, so live leases
-- and the dead entries that finished leases leave behind are passed over without reading the table.
CREATE INDEX task_claim_idx ON task
    (project_id, kind, priority DESC, id, (coalesce(lease_expires_at, '-infinity'::timestamptz)))
    WHERE state <> 'DONE';
CREATE INDEX task_item_idx ON task (item_id, kind);
-- A person's own lease (returned again on refresh) and the admin list of leases.
CREATE INDEX task_lease_holder_idx ON task (assignee_id, project_id, kind) WHERE state = 'LEASED';
CREATE INDEX task_project_leased_idx ON task (project_id, leased_at) WHERE state = 'LEASED';

-- Who has taken, judged, skipped or released an item in a kind. The primary key makes it
-- impossible to hand one person two slots of the same item: the claim inserts this row in the same
-- statement that leases the task. RELEASED rows let the person have the item again (a claim turns
-- them back into LEASED); LEASED rows whose lease someone else took over, JUDGED and SKIPPED rows
-- keep the item away from that person for good. lease_token and leased_at are those of the
-- person's last lease, so a submit after the lease was lost is recognised and stored (late).
CREATE TABLE item_assignment (
    item_id            bigint      NOT NULL REFERENCES item (id) ON DELETE CASCADE,
    kind               text        NOT NULL CHECK (kind IN ('WRITE', 'RANK')),
    user_id            bigint      NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    -- NULL once a surplus OPEN slot was removed (after a project settings change)
    task_id            bigint      REFERENCES task (id) ON DELETE SET NULL,
    state              text        NOT NULL CHECK (state IN ('LEASED', 'JUDGED', 'SKIPPED', 'RELEASED')),
    lease_token        uuid        NOT NULL,
    leased_at          timestamptz NOT NULL,
    -- the guideline version the page showed with this lease
    guideline_version  int,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (item_id, kind, user_id)
) WITH (fillfactor = 85,
        autovacuum_vacuum_scale_factor = 0.0,
        autovacuum_vacuum_threshold = 5000,
        autovacuum_vacuum_cost_delay = 0,
        autovacuum_analyze_scale_factor = 0.02);
CREATE INDEX item_assignment_task_idx ON item_assignment (task_id);

CREATE TABLE task_skip (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- NULL once a surplus OPEN slot was removed; item, kind and user still say what was skipped
    task_id      bigint      REFERENCES task (id) ON DELETE SET NULL,
    item_id      bigint      NOT NULL REFERENCES item (id) ON DELETE CASCADE,
    kind         text        NOT NULL,
    user_id      bigint      NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    reason_code  text        NOT NULL,
    reason_text  text,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX task_skip_item_idx ON task_skip (item_id, kind);
CREATE INDEX task_skip_task_idx ON task_skip (task_id);

-- What the work queue knows about each item, from the ItemsImported events: its priority and the
-- external ids of its candidates. Slots are created and reconciled from this table alone.
CREATE TABLE queue_item (
    item_id        bigint      PRIMARY KEY REFERENCES item (id) ON DELETE CASCADE,
    project_id     bigint      NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    priority       int         NOT NULL DEFAULT 0,
    -- ["a", "b", "c"]
    candidate_ids  jsonb       NOT NULL DEFAULT '[]',
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX queue_item_project_idx ON queue_item (project_id, item_id);
