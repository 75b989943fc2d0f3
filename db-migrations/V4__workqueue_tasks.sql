-- Work slots: one row per required judgment (an item needing 3 rankings has 3 RANK rows).
-- Claiming is a single UPDATE ... WHERE id = (SELECT ... FOR UPDATE SKIP LOCKED) statement.

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
    -- for RANK tasks: candidate ids in the random order shown to whoever takes this task
    candidate_order   jsonb,
    done_at           timestamptz,
    created_at        timestamptz NOT NULL DEFAULT now(),
    CHECK ((state = 'OPEN') = (assignee_id IS NULL) OR state = 'DONE'),
    CHECK (state <> 'LEASED' OR (lease_token IS NOT NULL AND lease_expires_at IS NOT NULL))
) WITH (fillfactor = 80,
        autovacuum_vacuum_scale_factor = 0.0,
        autovacuum_vacuum_threshold = 5000,
        autovacuum_vacuum_cost_delay = 0,
        autovacuum_analyze_scale_factor = 0.02);

-- Claimable rows only: the index stays small as work gets done.
CREATE INDEX task_claimable_idx ON task (project_id, kind, priority DESC, id) WHERE state <> 'DONE';
CREATE INDEX task_item_idx ON task (item_id, kind);
CREATE INDEX task_assignee_idx ON task (assignee_id) WHERE state = 'LEASED';

-- Who has taken, judged or skipped an item in a kind: one user never gets the same item twice.
CREATE TABLE item_assignment (
    item_id     bigint      NOT NULL REFERENCES item (id) ON DELETE CASCADE,
    kind        text        NOT NULL CHECK (kind IN ('WRITE', 'RANK')),
    user_id     bigint      NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    task_id     bigint      REFERENCES task (id) ON DELETE CASCADE,
    state       text        NOT NULL CHECK (state IN ('LEASED', 'JUDGED', 'SKIPPED')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (item_id, kind, user_id)
);

CREATE TABLE task_skip (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    task_id      bigint      NOT NULL REFERENCES task (id) ON DELETE CASCADE,
    item_id      bigint      NOT NULL REFERENCES item (id) ON DELETE CASCADE,
    kind         text        NOT NULL,
    user_id      bigint      NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    reason_code  text        NOT NULL,
    reason_text  text,
    created_at   timestamptz NOT NULL DEFAULT now()
);
