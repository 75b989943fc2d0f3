-- Gold answers: the expected ranking of an item's candidates, against which annotators are measured.
CREATE TABLE item_gold (
    item_id     bigint      PRIMARY KEY REFERENCES item (id) ON DELETE CASCADE,
    project_id  bigint      NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    -- [["b"], ["a", "c"]]: candidate external ids, best tier first (ties share a tier)
    tiers       jsonb       NOT NULL,
    -- the expected best candidate, one of the first tier's
    best        text,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX item_gold_project_idx ON item_gold (project_id, item_id);
