-- Per-project webhooks: where events are posted, signed with the webhook's secret.

-- The secret is encrypted with the server key (feedloop.generation.key-encryption-key, AES-256-GCM,
-- as model endpoints' API keys): it must be read back to sign. events lists the event types the
-- webhook receives ("item.completed", …).
CREATE TABLE webhook (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id     bigint      NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    url            text        NOT NULL CHECK (length(url) BETWEEN 1 AND 2000),
    secret_cipher  bytea       NOT NULL,
    events         text[]      NOT NULL CHECK (cardinality(events) >= 1),
    enabled        boolean     NOT NULL DEFAULT true,
    created_by     bigint      REFERENCES app_user (id) ON DELETE SET NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    secret_rotated_at timestamptz
);
CREATE INDEX webhook_project_idx ON webhook (project_id, id);

-- The outbox: one row per event and webhook, written in the event's transaction together with its
-- job execution (task webhook-delivery, instance = this id, in scheduled_tasks). public_id is the
-- Feedloop-Delivery header and the payload's id, the same on every attempt. dedupe_key keeps events
-- that a webhook receives once per subject (item.completed: once per item) from being written twice.
-- retries_since starts the retry window (feedloop.webhooks.max-age): creation, or a redelivery.
CREATE TABLE webhook_delivery (
    id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    public_id        uuid        NOT NULL UNIQUE,
    webhook_id       bigint      NOT NULL REFERENCES webhook (id) ON DELETE CASCADE,
    event_type       text        NOT NULL,
    payload          jsonb       NOT NULL,
    dedupe_key       text,
    state            text        NOT NULL DEFAULT 'PENDING' CHECK (state IN ('PENDING', 'DELIVERED', 'FAILED')),
    attempts         int         NOT NULL DEFAULT 0,
    created_at       timestamptz NOT NULL DEFAULT now(),
    retries_since    timestamptz NOT NULL DEFAULT now(),
    next_attempt_at  timestamptz,
    delivered_at     timestamptz
);
CREATE INDEX webhook_delivery_webhook_idx ON webhook_delivery (webhook_id, id DESC);
CREATE UNIQUE INDEX webhook_delivery_dedupe_idx ON webhook_delivery (webhook_id, dedupe_key)
    WHERE dedupe_key IS NOT NULL;

-- Each try: the receiver's status code, or the error when there was no answer (refused address,
-- timeout, connection failure); duration_ms from the request's start to its answer or error.
CREATE TABLE webhook_attempt (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_id   bigint      NOT NULL REFERENCES webhook_delivery (id) ON DELETE CASCADE,
    attempted_at  timestamptz NOT NULL DEFAULT now(),
    status_code   int,
    error         text,
    duration_ms   int         NOT NULL
);
CREATE INDEX webhook_attempt_delivery_idx ON webhook_attempt (delivery_id, id);
