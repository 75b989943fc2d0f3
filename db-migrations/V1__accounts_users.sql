-- Accounts: users, failed logins (for lockout), personal API tokens, and HTTP sessions
-- (sessions live in the database so that several servers behind a load balancer share them).

CREATE TABLE app_user (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username        text        NOT NULL CHECK (username ~ '^[A-Za-z0-9][A-Za-z0-9._-]{1,39}$'),
    display_name    text        NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
    password_hash   text        NOT NULL,
    enabled         boolean     NOT NULL DEFAULT true,
    admin           boolean     NOT NULL DEFAULT false,
    locale          text        NOT NULL DEFAULT 'en',
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    version         bigint      NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX app_user_username_lower_key ON app_user (lower(username));

-- One row per failed login, keyed by the lower-cased username as typed (so names that do not
-- exist are throttled exactly like real ones and the answer reveals nothing).
CREATE TABLE login_failure (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username    text        NOT NULL,
    failed_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failure_username_time_idx ON login_failure (username, failed_at);

CREATE TABLE api_token (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id       bigint      NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    name          text        NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    prefix        text        NOT NULL UNIQUE,
    secret_hash   text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_used_at  timestamptz,
    revoked_at    timestamptz
);
CREATE INDEX api_token_user_idx ON api_token (user_id);

-- Spring Session JDBC schema (PostgreSQL variant).
CREATE TABLE spring_session (
    primary_id            char(36)     NOT NULL,
    session_id            char(36)     NOT NULL,
    creation_time         bigint       NOT NULL,
    last_access_time      bigint       NOT NULL,
    max_inactive_interval int          NOT NULL,
    expiry_time           bigint       NOT NULL,
    principal_name        varchar(100),
    CONSTRAINT spring_session_pk PRIMARY KEY (primary_id)
);
CREATE UNIQUE INDEX spring_session_ix1 ON spring_session (session_id);
CREATE INDEX spring_session_ix2 ON spring_session (expiry_time);
CREATE INDEX spring_session_ix3 ON spring_session (principal_name);

CREATE TABLE spring_session_attributes (
    session_primary_id char(36)     NOT NULL,
    attribute_name     varchar(200) NOT NULL,
    attribute_bytes    bytea        NOT NULL,
    CONSTRAINT spring_session_attributes_pk PRIMARY KEY (session_primary_id, attribute_name),
    CONSTRAINT spring_session_attributes_fk FOREIGN KEY (session_primary_id)
        REFERENCES spring_session (primary_id) ON DELETE CASCADE
);
