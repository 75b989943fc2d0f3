-- Acting on disagreement: when an item gets extra rankings, and what counts as a quick judgment.
ALTER TABLE project
    -- an item whose pairwise agreement (with ties, all its rankings) is below this percentage needs
    -- more judgments; 0 is off
    ADD COLUMN agreement_threshold  int NOT NULL DEFAULT 0 CHECK (agreement_threshold BETWEEN 0 AND 100),
    -- extra rank slots an item may get automatically
    ADD COLUMN max_extra_rankings   int NOT NULL DEFAULT 2 CHECK (max_extra_rankings BETWEEN 0 AND 20),
    -- a judgment with less active time than this many seconds is quick; 0 is off
    ADD COLUMN quick_seconds        int NOT NULL DEFAULT 5 CHECK (quick_seconds BETWEEN 0 AND 3600);
