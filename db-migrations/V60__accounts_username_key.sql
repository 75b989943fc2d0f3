-- One key for usernames everywhere: the unique index, the login lookup and the login lockout.
-- Usernames are ASCII (the CHECK in V1) and the server compares them by their ASCII lower case,
-- computed in Java from what was typed (see Users.usernameKey). COLLATE "C" makes lower() fold
-- exactly A-Z whatever locale the database was created with, so the index agrees with that key
-- (under other locales lower() folds letters such as U+0130 or, in Turkish, 'I' differently).
CREATE UNIQUE INDEX app_user_username_key ON app_user (lower(username COLLATE "C"));
DROP INDEX app_user_username_lower_key;
