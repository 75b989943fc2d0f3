-- Review decisions on demonstrations: each decision is its own row; the newest one counts.

CREATE TABLE review (
    id                 bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    demonstration_id   bigint      NOT NULL REFERENCES demonstration (id),
    reviewer_id        bigint      NOT NULL REFERENCES app_user (id),
    decision           text        NOT NULL CHECK (decision IN ('APPROVED', 'REJECTED', 'EDITED')),
    comment            text,
    -- for EDITED: the reviewer's version, stored as a new demonstration
    edited_demonstration_id bigint REFERENCES demonstration (id),
    created_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX review_demonstration_idx ON review (demonstration_id, created_at DESC);
