-- What a model wrote for a writer on the write page, under one lease of a write task: a draft
-- streamed into the editor (kind 'draft', content the text streamed, stopped when the writer
-- stopped it) or a critique of the writer's text (kind 'critique', content the model's answer as it
-- came, problems the list read from it, NULL when the answer was not such a list). The endpoint is
-- named as it was at the time (it may be changed or deleted later).
CREATE TABLE write_assist (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    task_id        bigint      NOT NULL REFERENCES task (id) ON DELETE CASCADE,
    user_id        bigint      NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    lease_token    uuid        NOT NULL,
    kind           text        NOT NULL CHECK (kind IN ('draft', 'critique')),
    endpoint_id    bigint,
    endpoint_name  text        NOT NULL,
    model          text        NOT NULL,
    content        text        NOT NULL,
    problems       jsonb,
    stopped        boolean     NOT NULL DEFAULT false,
    checked_text   text,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX write_assist_lease_idx ON write_assist (task_id, lease_token, kind, id);

-- The model draft the writer started from (when they did not start from a candidate after it), and
-- the newest critique of their answer before they submitted it.
ALTER TABLE demonstration
    ADD COLUMN model_draft_id bigint REFERENCES write_assist (id),
    ADD COLUMN critique_id    bigint REFERENCES write_assist (id);
