-- Incident response disables a person or an application whose credential is in someone else's hands: a disabled
-- principal cannot log in or refresh, and an access token, API key or client certificate it already holds is refused
-- on its next call. Everyone existing stays enabled.
ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
ALTER TABLE service_accounts ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
