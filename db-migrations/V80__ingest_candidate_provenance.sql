-- Where a candidate made by a generation run came from: endpoint, model, parameters, seed, latency,
-- tokens, finish reason and time, as one JSON object (docs/generation.md, "Provenance"). NULL for
-- imported candidates.
ALTER TABLE candidate ADD COLUMN provenance jsonb;
