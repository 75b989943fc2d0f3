-- Rankings of K candidates: tiers best to worst (ties share a tier), ratings and flags.

CREATE TABLE ranking (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    task_id            bigint      NOT NULL REFERENCES task (id),
    item_id            bigint      NOT NULL REFERENCES item (id),
    project_id         bigint      NOT NULL REFERENCES project (id),
    annotator_id       bigint      NOT NULL REFERENCES app_user (id),
    -- [["b"], ["a", "c"]]: candidate external ids, best tier first
    tiers              jsonb       NOT NULL DEFAULT '[]',
    none_acceptable    boolean     NOT NULL DEFAULT false,
    -- candidate external ids in the order they were shown
    displayed_order    jsonb       NOT NULL,
    -- {"a": {"helpfulness": 5}}
    ratings            jsonb       NOT NULL DEFAULT '{}',
    -- {"c": ["hallucination"]}
    flags              jsonb       NOT NULL DEFAULT '{}',
    -- for K = 2: 1 slightly, 2 clearly, 3 much better
    strength           int         CHECK (strength BETWEEN 1 AND 3),
    rationale          text,
    guideline_version  int,
    lease_token        uuid,
    late               boolean     NOT NULL DEFAULT false,
    started_at         timestamptz,
    submitted_at       timestamptz NOT NULL DEFAULT now(),
    active_seconds     int         CHECK (active_seconds >= 0)
);
CREATE INDEX ranking_project_idx ON ranking (project_id, submitted_at, id);
CREATE INDEX ranking_item_idx ON ranking (item_id);
CREATE UNIQUE INDEX ranking_task_token_key ON ranking (task_id, lease_token);
