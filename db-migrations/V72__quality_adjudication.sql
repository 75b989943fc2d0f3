-- A reviewer's deciding ranking of an item whose annotators still disagree after its extra
-- rankings. One per item: a second decision replaces the first when it names the version it
-- replaces (an optimistic check, so two reviewers at once cannot overwrite each other unseen).
CREATE TABLE adjudication (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    item_id          bigint      NOT NULL UNIQUE REFERENCES item (id) ON DELETE CASCADE,
    project_id       bigint      NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    -- [["b"], ["a", "c"]]: candidate external ids, best tier first (empty when none was acceptable)
    tiers            jsonb       NOT NULL DEFAULT '[]',
    none_acceptable  boolean     NOT NULL DEFAULT false,
    -- the candidate external ids the decision was made over, in the item's order
    candidates       jsonb       NOT NULL,
    ratings          jsonb       NOT NULL DEFAULT '{}',
    flags            jsonb       NOT NULL DEFAULT '{}',
    strength         int         CHECK (strength BETWEEN 1 AND 3),
    note             text,
    decided_by       bigint      NOT NULL REFERENCES app_user (id),
    decided_at       timestamptz NOT NULL DEFAULT now(),
    -- 1 for the first decision, one more for each replacement
    version          int         NOT NULL DEFAULT 1 CHECK (version >= 1)
);
CREATE INDEX adjudication_project_idx ON adjudication (project_id, item_id);
