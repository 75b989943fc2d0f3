-- Export: what a project's dataset card says beyond the numbers (license, languages, a description),
-- and the card each snapshot was frozen with (README.md in the Hugging Face dataset card format).

CREATE TABLE dataset_card_settings (
    project_id   bigint      PRIMARY KEY REFERENCES project (id) ON DELETE CASCADE,
    -- a Hugging Face license identifier such as cc-by-4.0, apache-2.0, other or unknown
    license      text        NOT NULL DEFAULT 'unknown' CHECK (license ~ '^[a-z0-9][a-z0-9.+-]{0,63}$'),
    -- ISO 639 language codes such as en, ru, pt-BR
    languages    text[]      NOT NULL DEFAULT '{}',
    description  text        NOT NULL DEFAULT '' CHECK (length(description) <= 20000),
    updated_by   bigint      REFERENCES app_user (id),
    updated_at   timestamptz NOT NULL DEFAULT now()
);

-- Snapshots made before cards existed have none; theirs is rendered from the manifest when asked.
ALTER TABLE snapshot ADD COLUMN card text;
