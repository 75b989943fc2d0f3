-- The review queue: demonstrations waiting for a decision, oldest first. A row is added when a
-- labeler's demonstration is stored (DemonstrationSubmitted) and removed by the decision on it, so
-- finding the next one is one index probe however many were reviewed before. The decisions
-- themselves stay in review, append-only.
CREATE TABLE review_pending (
    demonstration_id  bigint      PRIMARY KEY REFERENCES demonstration (id),
    project_id        bigint      NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    author_id         bigint      NOT NULL REFERENCES app_user (id),
    submitted_at      timestamptz NOT NULL
);
CREATE INDEX review_pending_project_idx ON review_pending (project_id, submitted_at, demonstration_id);

INSERT INTO review_pending (demonstration_id, project_id, author_id, submitted_at)
SELECT d.id, d.project_id, d.author_id, d.submitted_at
FROM demonstration d
WHERE d.revises_id IS NULL AND NOT EXISTS (SELECT 1 FROM review r WHERE r.demonstration_id = d.id);

-- Everyone's history page and today's counts read a person's own judgments, newest first.
CREATE INDEX demonstration_author_idx ON demonstration (author_id, submitted_at DESC, id DESC);
CREATE INDEX ranking_annotator_idx ON ranking (annotator_id, submitted_at DESC, id DESC);
