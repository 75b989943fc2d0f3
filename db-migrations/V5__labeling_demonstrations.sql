-- Demonstrations (ideal answers written by labelers) and their server-side drafts.
-- Judgments are append-only facts: never updated in place, never deleted by normal use.

CREATE TABLE demonstration (
    id                     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    task_id                bigint      NOT NULL REFERENCES task (id),
    item_id                bigint      NOT NULL REFERENCES item (id),
    project_id             bigint      NOT NULL REFERENCES project (id),
    author_id              bigint      NOT NULL REFERENCES app_user (id),
    content                text        NOT NULL,
    based_on_candidate_id  bigint      REFERENCES candidate (id),
    -- set when this demonstration is a reviewer's edit of another one
    revises_id             bigint      REFERENCES demonstration (id),
    guideline_version      int,
    lease_token            uuid,
    late                   boolean     NOT NULL DEFAULT false,
    started_at             timestamptz,
    submitted_at           timestamptz NOT NULL DEFAULT now(),
    active_seconds         int         CHECK (active_seconds >= 0)
);
CREATE INDEX demonstration_project_idx ON demonstration (project_id, submitted_at, id);
CREATE INDEX demonstration_item_idx ON demonstration (item_id);
-- A repeated submit of the same lease returns the stored judgment instead of storing another.
CREATE UNIQUE INDEX demonstration_task_token_key ON demonstration (task_id, lease_token);

CREATE TABLE draft (
    task_id      bigint      NOT NULL REFERENCES task (id) ON DELETE CASCADE,
    user_id      bigint      NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    content      text        NOT NULL,
    based_on_candidate_id bigint REFERENCES candidate (id),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (task_id, user_id)
);
