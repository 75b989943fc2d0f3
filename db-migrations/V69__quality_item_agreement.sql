-- Each item's pairwise agreement, as quality.ItemAgreements last computed it from the project's
-- rankings (the same counts as the per-item agreement of docs/quality.md), so that the item explorer
-- can filter and sort a project's items by it in SQL. Derived data: brought up to date from the
-- rankings whenever the explorer is read, never edited by hand.
CREATE TABLE item_agreement (
    item_id             bigint PRIMARY KEY REFERENCES item (id) ON DELETE CASCADE,
    project_id          bigint NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    rankings            int    NOT NULL,
    comparisons         bigint NOT NULL,
    agreements          bigint NOT NULL,
    strict_comparisons  bigint NOT NULL,
    strict_agreements   bigint NOT NULL,
    -- agreements / comparisons; NULL without comparisons (fewer than two rankings that place a pair)
    with_ties           double precision
);
-- Keyset paging by agreement (lowest first, items without a value last) and "agreement below".
CREATE INDEX item_agreement_sort_idx ON item_agreement (project_id, (coalesce(with_ties, 2)), item_id);

-- Which rankings item_agreement was computed from: their number and highest id.
CREATE TABLE item_agreement_state (
    project_id  bigint      PRIMARY KEY REFERENCES project (id) ON DELETE CASCADE,
    rankings    bigint      NOT NULL,
    highest_id  bigint      NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now()
);
