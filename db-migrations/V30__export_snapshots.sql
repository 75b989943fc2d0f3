-- Export: the per-project key that pseudonymises annotator ids, and frozen dataset snapshots.
-- A snapshot's files are stored line by line in PostgreSQL, so every server behind a load
-- balancer serves the same bytes, and a file streams out with COPY like a live export.

CREATE TABLE export_project_key (
    project_id     bigint      PRIMARY KEY REFERENCES project (id) ON DELETE CASCADE,
    -- 32 random bytes: HMAC-SHA256 key for annotator pseudonyms (see docs/export.md)
    pseudonym_key  bytea       NOT NULL CHECK (length(pseudonym_key) = 32),
    created_at     timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE snapshot (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id   bigint      NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    kind         text        NOT NULL CHECK (kind IN ('SFT', 'PREFERENCES')),
    format       text        NOT NULL,
    -- judgments and reviews submitted up to this instant are selected
    as_of        timestamptz NOT NULL,
    manifest     jsonb       NOT NULL,
    created_by   bigint      REFERENCES app_user (id),
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX snapshot_project_idx ON snapshot (project_id, id DESC);

CREATE TABLE snapshot_file (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    snapshot_id  bigint      NOT NULL REFERENCES snapshot (id) ON DELETE CASCADE,
    name         text        NOT NULL,
    split        text        NOT NULL,
    rows         bigint      NOT NULL,
    size_bytes   bigint      NOT NULL,
    sha256       text        NOT NULL,
    UNIQUE (snapshot_id, name)
);

-- The lines of a file, in order; a file is its lines joined with '\n' (each line ends with one).
CREATE TABLE snapshot_line (
    file_id  bigint NOT NULL REFERENCES snapshot_file (id) ON DELETE CASCADE,
    seq      bigint NOT NULL,
    line     text   NOT NULL,
    PRIMARY KEY (file_id, seq)
);
