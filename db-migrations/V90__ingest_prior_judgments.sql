-- Judgments that came inside an imported dataset (HH-RLHF's chosen over rejected, UltraFeedback's
-- ratings, a Feedloop export's rankings), kept apart from people's rankings: they are shown with
-- the item, never counted as anyone's judgment or agreement.
CREATE TABLE prior_judgment (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id     bigint      NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    item_id        bigint      NOT NULL REFERENCES item (id) ON DELETE CASCADE,
    -- the import that brought it (its file name and format are on the import)
    import_id      bigint      REFERENCES import_batch (id) ON DELETE SET NULL,
    -- the format of the records it came in, such as hh-rlhf or feedloop-export
    source_format  text        NOT NULL,
    kind           text        NOT NULL CHECK (kind IN ('preference', 'ratings', 'ranking', 'label')),
    -- by candidate external id: {"chosen","rejected",...} | {"scores":{...}} | {"tiers":[[...]]} | {"candidate","label"}
    judgment       jsonb       NOT NULL,
    -- SHA-256 of kind and judgment: importing the same file again adds nothing
    digest         text        NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (item_id, digest)
);

ALTER TABLE import_batch ADD COLUMN prior_judgments_added bigint NOT NULL DEFAULT 0;
