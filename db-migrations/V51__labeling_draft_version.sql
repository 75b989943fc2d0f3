-- Drafts carry a version, raised by every save that changes them. A save names the version it
-- replaces (0: none), so a page in a second tab or on another device cannot overwrite a newer
-- draft without being told. Drafts saved before this count as version 1.
ALTER TABLE draft ADD COLUMN version bigint NOT NULL DEFAULT 1 CHECK (version >= 1);
