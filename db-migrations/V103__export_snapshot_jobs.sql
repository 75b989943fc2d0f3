-- Export: snapshot creation as a durable job. The request answers at once with the job; a
-- db-scheduler execution (task export-snapshot, instance = job id) writes the snapshot in one
-- transaction, which also marks the job done, so a server killed mid-write leaves no snapshot rows
-- and the execution is picked up again by a live server.

CREATE TABLE snapshot_job (
    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id        bigint      NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    kind              text        NOT NULL CHECK (kind IN ('SFT', 'PREFERENCES')),
    format            text        NOT NULL,
    -- the export parameters as checked, asOf fixed when the job was asked for
    parameters        jsonb       NOT NULL,
    files_total       int         NOT NULL CHECK (files_total BETWEEN 1 AND 2),
    state             text        NOT NULL DEFAULT 'QUEUED'
                                  CHECK (state IN ('QUEUED', 'RUNNING', 'DONE', 'FAILED', 'CANCELLED')),
    -- while running: quality, then the name of the file being written, then card
    phase             text,
    files_done        int         NOT NULL DEFAULT 0,
    lines_written     bigint      NOT NULL DEFAULT 0,
    bytes_written     bigint      NOT NULL DEFAULT 0,
    attempts          int         NOT NULL DEFAULT 0,
    cancel_requested  boolean     NOT NULL DEFAULT false,
    snapshot_id       bigint      REFERENCES snapshot (id) ON DELETE SET NULL,
    error             text,
    created_by        bigint      NOT NULL REFERENCES app_user (id),
    created_at        timestamptz NOT NULL DEFAULT now(),
    started_at        timestamptz,
    finished_at       timestamptz
);
CREATE INDEX snapshot_job_project_idx ON snapshot_job (project_id, id DESC);
CREATE INDEX snapshot_job_active_idx ON snapshot_job (project_id) WHERE state IN ('QUEUED', 'RUNNING');
