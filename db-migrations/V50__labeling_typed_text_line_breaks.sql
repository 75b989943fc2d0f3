-- Text typed on pages is stored with LF line breaks from now on (browsers submit textarea line
-- breaks as CRLF). This brings the rows stored before that to the same form, once: every CRLF and
-- every lone CR becomes LF in demonstrations (labelers' and reviewers' versions), drafts, review
-- comments, rank rationales, skip notes and guideline versions. Imported items and candidates are
-- kept as imported, and frozen export snapshots (snapshot_line) keep the bytes they were made with.

UPDATE demonstration SET content = regexp_replace(content, E'\r\n?', E'\n', 'g')
WHERE strpos(content, E'\r') > 0;

UPDATE draft SET content = regexp_replace(content, E'\r\n?', E'\n', 'g')
WHERE strpos(content, E'\r') > 0;

UPDATE review SET comment = regexp_replace(comment, E'\r\n?', E'\n', 'g')
WHERE strpos(comment, E'\r') > 0;

UPDATE ranking SET rationale = regexp_replace(rationale, E'\r\n?', E'\n', 'g')
WHERE strpos(rationale, E'\r') > 0;

UPDATE task_skip SET reason_text = regexp_replace(reason_text, E'\r\n?', E'\n', 'g')
WHERE strpos(reason_text, E'\r') > 0;

UPDATE guideline_version SET content = regexp_replace(content, E'\r\n?', E'\n', 'g')
WHERE strpos(content, E'\r') > 0;
