-- Feedback from production: intake tokens, the feedback received, and each project's intake options.

-- A project's intake token reads flf_<prefix>_<secret>; only the SHA-256 hash of the whole token is
-- stored (as for api_token). It may only post feedback to its own project.
CREATE TABLE feedback_token (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id    bigint      NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    name          text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    prefix        text        NOT NULL UNIQUE,
    secret_hash   text        NOT NULL,
    created_by    bigint      REFERENCES app_user (id) ON DELETE SET NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_used_at  timestamptz,
    revoked_at    timestamptz
);
CREATE INDEX feedback_token_project_idx ON feedback_token (project_id, id DESC);

-- Per project: scores at or above up_threshold (scale 1 to 5) count as good like a thumbs-up, and
-- good feedback becomes a fix task only with task_always. No row: the defaults.
CREATE TABLE feedback_settings (
    project_id    bigint       PRIMARY KEY REFERENCES project (id) ON DELETE CASCADE,
    up_threshold  numeric(3,2) NOT NULL DEFAULT 4 CHECK (up_threshold BETWEEN 1 AND 5),
    task_always   boolean      NOT NULL DEFAULT false,
    updated_at    timestamptz  NOT NULL DEFAULT now()
);

-- One row per trace: the unique key makes a repeated or concurrent post of the same traceId store
-- nothing new. item_id is the fix task's item (NULL while the feedback made no task).
CREATE TABLE feedback (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id     bigint      NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    trace_id       text        NOT NULL CHECK (length(trace_id) BETWEEN 1 AND 200),
    model          text,
    -- the conversation as posted, ending with the model's reply
    messages       jsonb       NOT NULL,
    thumb          text        CHECK (thumb IN ('up', 'down')),
    score          numeric(3,2) CHECK (score BETWEEN 1 AND 5),
    failure        boolean     NOT NULL,
    comment        text,
    tags           jsonb       NOT NULL DEFAULT '[]',
    metadata       jsonb       NOT NULL DEFAULT '{}',
    item_id        bigint      REFERENCES item (id) ON DELETE SET NULL,
    token_id       bigint      REFERENCES feedback_token (id) ON DELETE SET NULL,
    received_at    timestamptz NOT NULL DEFAULT now(),
    -- "not a real failure": the writer's reason; the fix task is done without a demonstration
    dismissed_reason text,
    dismissed_by   bigint      REFERENCES app_user (id) ON DELETE SET NULL,
    dismissed_at   timestamptz,
    UNIQUE (project_id, trace_id),
    CHECK ((thumb IS NULL) <> (score IS NULL)),
    CHECK ((dismissed_at IS NULL) = (dismissed_reason IS NULL))
);
CREATE INDEX feedback_project_idx ON feedback (project_id, id DESC);
CREATE INDEX feedback_item_idx ON feedback (item_id) WHERE item_id IS NOT NULL;
