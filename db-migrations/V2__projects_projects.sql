-- Projects (labeling campaigns), their versioned guidelines, and members with project roles.

CREATE TABLE project (
    id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    slug                    text        NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
    name                    text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    description             text        NOT NULL DEFAULT '',
    status                  text        NOT NULL DEFAULT 'DRAFT'
                                        CHECK (status IN ('DRAFT', 'ACTIVE', 'PAUSED', 'ARCHIVED')),
    demonstrations_per_item int         NOT NULL DEFAULT 1 CHECK (demonstrations_per_item BETWEEN 0 AND 50),
    rankings_per_item       int         NOT NULL DEFAULT 3 CHECK (rankings_per_item BETWEEN 0 AND 50),
    lease_minutes           int         NOT NULL DEFAULT 30 CHECK (lease_minutes BETWEEN 1 AND 1440),
    ties_allowed            boolean     NOT NULL DEFAULT true,
    -- [{"name":"helpfulness","min":1,"max":7}, ...]
    rating_dimensions       jsonb       NOT NULL DEFAULT
        '[{"name":"helpfulness","min":1,"max":7},{"name":"truthfulness","min":1,"max":7},{"name":"harmlessness","min":1,"max":7}]',
    -- ["hallucination", ...]
    flags                   jsonb       NOT NULL DEFAULT
        '["hallucination","harmful","refusal","fails_instruction","personal_data"]',
    hide_model_names        boolean     NOT NULL DEFAULT true,
    pairwise_strength       boolean     NOT NULL DEFAULT false,
    created_by              bigint      REFERENCES app_user (id),
    created_at              timestamptz NOT NULL DEFAULT now(),
    updated_at              timestamptz NOT NULL DEFAULT now(),
    version                 bigint      NOT NULL DEFAULT 0
);

-- Every save of the guidelines is a new row; nothing is overwritten.
CREATE TABLE guideline_version (
    project_id  bigint      NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    version     int         NOT NULL CHECK (version >= 1),
    content     text        NOT NULL,
    author_id   bigint      REFERENCES app_user (id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, version)
);

CREATE TABLE project_member (
    project_id  bigint      NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    user_id     bigint      NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    roles       text[]      NOT NULL CHECK (roles <@ ARRAY['LABELER', 'ANNOTATOR', 'REVIEWER']::text[]),
    added_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, user_id)
);
CREATE INDEX project_member_user_idx ON project_member (user_id);
