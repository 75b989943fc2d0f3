-- A user's language is what they chose (on the account page or the language switch while signed in),
-- or NULL when they never chose one: then sign-in keeps the language of the sign-in page (chosen there,
-- or the browser's). Every account was created with 'en', so 'en' cannot be told apart from "never
-- chose"; it becomes NULL, and only Russian, which someone must have picked, stays a choice.
ALTER TABLE app_user ALTER COLUMN locale DROP NOT NULL;
ALTER TABLE app_user ALTER COLUMN locale DROP DEFAULT;
UPDATE app_user SET locale = NULL WHERE locale = 'en';
