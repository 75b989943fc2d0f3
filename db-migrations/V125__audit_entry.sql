-- The audit log: who did what when, append-only. No foreign keys: an entry outlives the user,
-- project or object it names (and a cascading delete would be refused by the trigger below).
CREATE TABLE audit_entry (
    id          bigserial   PRIMARY KEY,
    at          timestamptz NOT NULL DEFAULT now(),
    actor_id    bigint,
    actor_name  text        NOT NULL,
    action      text        NOT NULL CHECK (action ~ '^[a-z_]+(\.[a-z_]+)+$'),
    project_id  bigint,
    target      text,
    details     jsonb       NOT NULL DEFAULT '{}'::jsonb,
    ip          text,
    request_id  text
);

-- The filters of the admin page and the REST route, each newest first (keyset paging by id).
CREATE INDEX audit_entry_actor_idx ON audit_entry (lower(actor_name), id DESC);
CREATE INDEX audit_entry_action_idx ON audit_entry (action, id DESC);
CREATE INDEX audit_entry_project_idx ON audit_entry (project_id, id DESC) WHERE project_id IS NOT NULL;
CREATE INDEX audit_entry_at_idx ON audit_entry (at);

-- Append-only: any UPDATE or DELETE is refused, whoever asks. Archiving old entries takes a
-- superuser (or the table's owner) disabling the trigger for that one statement (docs/operations.md).
CREATE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_entry is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_entry_append_only
    BEFORE UPDATE OR DELETE ON audit_entry
    FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only();
