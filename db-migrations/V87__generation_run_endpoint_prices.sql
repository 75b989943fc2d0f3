-- The endpoint's prices when the run started, kept with the run, so that a run's estimated cost
-- stays what it was when an endpoint's prices change later (docs/generation.md, "Costs"). Runs
-- started before this column existed take the endpoint's prices as they are now.
ALTER TABLE generation_run_endpoint
    ADD COLUMN prompt_price_per_1k     numeric(14, 6) CHECK (prompt_price_per_1k >= 0),
    ADD COLUMN completion_price_per_1k numeric(14, 6) CHECK (completion_price_per_1k >= 0);

UPDATE generation_run_endpoint re
SET prompt_price_per_1k     = e.prompt_price_per_1k,
    completion_price_per_1k = e.completion_price_per_1k
FROM model_endpoint e
WHERE e.id = re.endpoint_id;
