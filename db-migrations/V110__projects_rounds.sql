-- Rounds of a project's improvement loop (for example one a week): a name, the model version under
-- test and a time window [starts_at, ends_at); ends_at NULL is the open (current) round. Items,
-- feedback, candidates and judgments belong to the round whose window holds their creation or
-- submission time: there is no round column on them.
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE project_round (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id     bigint      NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    name           text        NOT NULL CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    model_version  text        NOT NULL CHECK (length(model_version) BETWEEN 1 AND 200),
    starts_at      timestamptz NOT NULL,
    ends_at        timestamptz CHECK (ends_at > starts_at),
    created_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (project_id, name),
    -- the rounds of a project never overlap, whoever writes them at the same moment
    CONSTRAINT project_round_no_overlap
        EXCLUDE USING gist (project_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&)
);
