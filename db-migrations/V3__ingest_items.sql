-- Items (prompts: a conversation whose last message is the user's) and candidates (model answers),
-- plus the history of imports.

CREATE TABLE item (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id   bigint      NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    external_id  text        NOT NULL CHECK (length(external_id) BETWEEN 1 AND 500),
    -- [{"role":"system|user|assistant","content":"..."}, ...]
    messages     jsonb       NOT NULL,
    metadata     jsonb       NOT NULL DEFAULT '{}',
    priority     int         NOT NULL DEFAULT 0,
    import_id    bigint,
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (project_id, external_id)
);

CREATE TABLE candidate (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    item_id      bigint      NOT NULL REFERENCES item (id) ON DELETE CASCADE,
    external_id  text        NOT NULL CHECK (length(external_id) BETWEEN 1 AND 200),
    model        text,
    content      text        NOT NULL,
    metadata     jsonb       NOT NULL DEFAULT '{}',
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (item_id, external_id)
);

CREATE TABLE import_batch (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id        bigint      NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    user_id           bigint      REFERENCES app_user (id),
    file_name         text,
    format            text        NOT NULL,
    status            text        NOT NULL DEFAULT 'RUNNING' CHECK (status IN ('RUNNING', 'DONE', 'FAILED')),
    lines_read        bigint      NOT NULL DEFAULT 0,
    items_created     bigint      NOT NULL DEFAULT 0,
    items_unchanged   bigint      NOT NULL DEFAULT 0,
    candidates_added  bigint      NOT NULL DEFAULT 0,
    tasks_created     bigint      NOT NULL DEFAULT 0,
    errors            jsonb       NOT NULL DEFAULT '[]',
    started_at        timestamptz NOT NULL DEFAULT now(),
    finished_at       timestamptz
);
CREATE INDEX import_batch_project_idx ON import_batch (project_id, started_at DESC);
