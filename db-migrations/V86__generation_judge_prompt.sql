-- The project's judge prompt: what a judge run started without a prompt of its own sends (REST and
-- the generation page's judge form, which starts filled with it). NULL means the built-in default.
ALTER TABLE assist_settings
    ADD COLUMN judge_prompt text CHECK (length(judge_prompt) BETWEEN 1 AND 20000);
