-- End-to-end encrypted payloads recorded at rest (issue 25): for each message of a segment, in the segment's order,
-- '1' when its payload arrived as a sealed envelope (HPKE, warden-e2e: only the application can open it) and '0'
-- otherwise, decided once when the segment is written. It is bound into the segment's associated data, so a changed
-- value fails authentication. NULL for segments written before this migration: they are judged by the envelope
-- header when read (the telemetry API's former way).
ALTER TABLE telemetry_segments ADD COLUMN sealed_entries TEXT;
