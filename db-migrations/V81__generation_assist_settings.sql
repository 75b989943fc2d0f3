-- Which model endpoints the writers of a project may use to draft and check their answers, and the
-- critique prompt. A project without a row has no model help (endpoints cost money and send the
-- project's conversations to their server, so an admin turns it on). all_endpoints: every
-- registered endpoint; otherwise the endpoints listed in assist_endpoint.
-- critique_prompt NULL means the built-in default prompt.
CREATE TABLE assist_settings (
    project_id       bigint      PRIMARY KEY REFERENCES project (id) ON DELETE CASCADE,
    enabled          boolean     NOT NULL DEFAULT false,
    all_endpoints    boolean     NOT NULL DEFAULT false,
    critique_prompt  text        CHECK (length(critique_prompt) BETWEEN 1 AND 20000),
    updated_by       bigint      REFERENCES app_user (id) ON DELETE SET NULL,
    updated_at       timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE assist_endpoint (
    project_id   bigint NOT NULL REFERENCES assist_settings (project_id) ON DELETE CASCADE,
    endpoint_id  bigint NOT NULL REFERENCES model_endpoint (id) ON DELETE CASCADE,
    PRIMARY KEY (project_id, endpoint_id)
);
