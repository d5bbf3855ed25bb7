-- Issue 24: in a deployment of several regions, a policy or a thing group is global (made in the control region and
-- replicated to every region) or regional (made in one region and kept there). Policies stay global as before; thing
-- groups stay regional as before. ADD COLUMN with a constant default runs alike on SQLite and PostgreSQL.
ALTER TABLE policies ADD COLUMN scope TEXT NOT NULL DEFAULT 'global';
ALTER TABLE thing_groups ADD COLUMN scope TEXT NOT NULL DEFAULT 'regional';
