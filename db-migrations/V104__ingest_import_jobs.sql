-- Imports run as durable jobs (task ingest-import, instance = import id): the request stores the
-- upload in import_upload and answers at once; any server of the database checks and writes it.

-- The upload as stored (gzip undone, byte-order mark dropped), in chunks of about 1 MB, numbered
-- from 0 in file order. Deleted when the import ends.
CREATE TABLE import_upload (
    import_id bigint  NOT NULL REFERENCES import_batch (id) ON DELETE CASCADE,
    seq       integer NOT NULL,
    data      bytea   NOT NULL,
    PRIMARY KEY (import_id, seq)
);

-- phase: uploading (the request is storing the file), queued, checking, writing; NULL once ended
-- (and for imports recorded before jobs).
ALTER TABLE import_batch
    ADD COLUMN phase            text CHECK (phase IN ('uploading', 'queued', 'checking', 'writing')),
    ADD COLUMN priors           text        NOT NULL DEFAULT 'IGNORE',
    -- the upload's invalid UTF-8 lines, found while storing: their first errors and every line number
    ADD COLUMN encoding_errors  jsonb       NOT NULL DEFAULT '[]',
    ADD COLUMN bad_lines        bigint[]    NOT NULL DEFAULT '{}',
    ADD COLUMN attempts         integer     NOT NULL DEFAULT 0,
    ADD COLUMN cancel_requested boolean     NOT NULL DEFAULT false,
    -- when the current execution started checking, for the lines per second so far
    ADD COLUMN running_since    timestamptz,
    -- the server running the current execution (host and process id)
    ADD COLUMN runner           text;
