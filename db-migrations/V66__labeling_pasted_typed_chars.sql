-- How much of an answer was pasted into the write page's editor and how much was typed there
-- (characters; deletions do not subtract), carried by the draft across its life and stored with the
-- demonstration. NULL where nothing was counted: demonstrations and drafts stored before this,
-- reviewers' revisions, and API clients that do not send the counts.
ALTER TABLE demonstration
    ADD COLUMN pasted_chars int CHECK (pasted_chars >= 0),
    ADD COLUMN typed_chars  int CHECK (typed_chars >= 0);

ALTER TABLE draft
    ADD COLUMN pasted_chars int CHECK (pasted_chars >= 0),
    ADD COLUMN typed_chars  int CHECK (typed_chars >= 0);
