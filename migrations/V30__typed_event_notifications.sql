-- Subscriptions are woken by the types appended, not by every append (issue 22/23: the worker under
-- serving load). V1's trigger sent an empty payload on kindred_events, so every subscription read the
-- log at every append — at 200 requests/s the impression buffer appends ten times a second, and five
-- subscriptions, four of which never apply an impression, each ran a read per append. The payload is
-- now the statement's distinct event types (comma-separated); a subscription wakes on a type it
-- applies and passes over the others at its next poll (kindred.worker.poll-ms). An empty payload
-- still wakes everyone.
CREATE OR REPLACE FUNCTION notify_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('kindred_events', coalesce((SELECT string_agg(DISTINCT n.type, ',') FROM new_events n), ''));
  RETURN NULL;
END $$;
DROP TRIGGER events_notify ON events;
CREATE TRIGGER events_notify AFTER INSERT ON events REFERENCING NEW TABLE AS new_events
  FOR EACH STATEMENT EXECUTE FUNCTION notify_events();
