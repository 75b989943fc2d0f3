-- The single sign-on identities of accounts: the OpenID Connect issuer and the subject it gives
-- the person. A sign-in finds its account by this pair, so an identity provider that renames
-- someone (a changed username claim) still signs them into the same account.
CREATE TABLE app_user_identity (
    id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id         bigint      NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    issuer          text        NOT NULL CHECK (length(issuer) BETWEEN 1 AND 2000),
    subject         text        NOT NULL CHECK (length(subject) BETWEEN 1 AND 255),
    created_at      timestamptz NOT NULL DEFAULT now(),
    last_sign_in_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (issuer, subject),
    -- one identity per account and issuer: a second subject of the same issuer cannot take it over
    UNIQUE (user_id, issuer)
);
