-- An item can be left out of every export and snapshot (the item explorer's "exclude from export",
-- or PUT /api/v1/projects/{slug}/items/{externalId}/exclusion); it stays in the project with its
-- judgments, and including it again clears the three columns.
ALTER TABLE item
    ADD COLUMN excluded_at     timestamptz,
    ADD COLUMN excluded_by     bigint REFERENCES app_user (id) ON DELETE SET NULL,
    ADD COLUMN excluded_reason text CHECK (length(excluded_reason) <= 1000);
CREATE INDEX item_excluded_idx ON item (project_id, id) WHERE excluded_at IS NOT NULL;

-- Full-text search of the item explorer over the conversation's text and the candidates' answers.
-- The 'simple' configuration (lower-cased words, no stemming, no stop words) suits prompts in any
-- language; queries use the same expressions so that these indexes serve them.
CREATE INDEX item_search_idx ON item USING gin
    (jsonb_to_tsvector('simple', jsonb_path_query_array(messages, '$[*].content'), '["string"]'));
CREATE INDEX candidate_search_idx ON candidate USING gin (to_tsvector('simple', content));
