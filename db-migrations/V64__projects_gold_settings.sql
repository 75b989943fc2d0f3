-- Gold items: how often a person gets one, and when a person is paused for failing them.
ALTER TABLE project
    -- 1 in gold_rate of a person's tasks is a gold task while they have gold items left; 0 is off
    ADD COLUMN gold_rate           int NOT NULL DEFAULT 20 CHECK (gold_rate BETWEEN 0 AND 1000),
    -- gold judgments (since the last reinstatement) before accuracy can pause a person
    ADD COLUMN gold_min_judgments  int NOT NULL DEFAULT 10 CHECK (gold_min_judgments BETWEEN 1 AND 1000),
    -- accuracy below this percentage pauses a person
    ADD COLUMN gold_threshold      int NOT NULL DEFAULT 70 CHECK (gold_threshold BETWEEN 0 AND 100);

-- A paused member gets no new tasks in the project (their current lease stays theirs).
ALTER TABLE project_member
    ADD COLUMN paused_at          timestamptz,
    -- GOLD (accuracy below the threshold) or MANUAL (an administrator)
    ADD COLUMN paused_reason      text CHECK (paused_reason IN ('GOLD', 'MANUAL')),
    ADD COLUMN paused_accuracy    double precision,
    ADD COLUMN paused_judgments   int,
    ADD COLUMN paused_by          bigint REFERENCES app_user (id) ON DELETE SET NULL,
    -- gold accuracy that counts for pausing starts here (NULL: from the start)
    ADD COLUMN reinstated_at      timestamptz,
    ADD CHECK ((paused_at IS NULL) = (paused_reason IS NULL));
