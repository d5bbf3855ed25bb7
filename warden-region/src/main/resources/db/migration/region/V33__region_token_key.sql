-- The control region's token-signing public key (JSON: issuer and JWK), as a member received it: a member accepts the
-- access tokens the control region issues, so that a user logs in once (with MFA, whose seed stays there).
ALTER TABLE region_deployment ADD COLUMN token_key TEXT NOT NULL DEFAULT '';
