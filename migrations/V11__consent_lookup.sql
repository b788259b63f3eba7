-- Serving reads a user's consent from the log itself (the latest ConsentChanged of the stream), not
-- from the worker's user_consent projection, so a withdrawal holds from the very next request. This
-- partial index keeps that lookup a few index pages whatever the length of the user's stream.
CREATE INDEX events_consent_idx ON events (tenant_id, stream_key, seq) WHERE type = 'ConsentChanged';
