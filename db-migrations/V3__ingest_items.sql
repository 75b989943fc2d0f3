-- Items (prompts: a conversation whose last message is the user's) and candidates (model answers),
-- plus the history of imports.

-- One row per import, written outside the import's transaction so that its progress is visible
-- while it runs and a refused import stays in the history with its errors.
CREATE TABLE import_batch (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id        bigint      NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    user_id           bigint      REFERENCES app_user (id) ON DELETE SET NULL,
    -- chosen by the import page before uploading, so that it can show progress while the upload runs
    client_token      uuid        UNIQUE,
    file_name         text,
    format            text        NOT NULL,
    status            text        NOT NULL DEFAULT 'VALIDATING'
                                  CHECK (status IN ('VALIDATING', 'WRITING', 'DONE', 'FAILED')),
    bytes_total       bigint,
    lines_total       bigint,
    lines_read        bigint      NOT NULL DEFAULT 0,
    lines_written     bigint      NOT NULL DEFAULT 0,
    items_created     bigint      NOT NULL DEFAULT 0,
    items_unchanged   bigint      NOT NULL DEFAULT 0,
    -- existing items that received new candidates
    items_extended    bigint      NOT NULL DEFAULT 0,
    candidates_added  bigint      NOT NULL DEFAULT 0,
    tasks_created     bigint      NOT NULL DEFAULT 0,
    -- [{"line": 3, "field": "messages[1].role", "message": "..."}], at most feedloop.ingest.max-errors
    errors            jsonb       NOT NULL DEFAULT '[]',
    error_count       bigint      NOT NULL DEFAULT 0,
    started_at        timestamptz NOT NULL DEFAULT now(),
    finished_at       timestamptz
);
CREATE INDEX import_batch_project_idx ON import_batch (project_id, started_at DESC);

CREATE TABLE item (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id   bigint      NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    external_id  text        NOT NULL CHECK (length(external_id) BETWEEN 1 AND 500),
    -- [{"role":"system|user|assistant","content":"..."}, ...]
    messages     jsonb       NOT NULL,
    metadata     jsonb       NOT NULL DEFAULT '{}',
    priority     int         NOT NULL DEFAULT 0,
    import_id    bigint      REFERENCES import_batch (id) ON DELETE SET NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (project_id, external_id)
);
-- Keyset pagination of a project's items (GET /api/v1/projects/{slug}/items?after=).
CREATE INDEX item_project_id_idx ON item (project_id, id);

CREATE TABLE candidate (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    item_id      bigint      NOT NULL REFERENCES item (id) ON DELETE CASCADE,
    external_id  text        NOT NULL CHECK (length(external_id) BETWEEN 1 AND 200),
    model        text,
    content      text        NOT NULL,
    metadata     jsonb       NOT NULL DEFAULT '{}',
    import_id    bigint      REFERENCES import_batch (id) ON DELETE SET NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    UNIQUE (item_id, external_id)
);
