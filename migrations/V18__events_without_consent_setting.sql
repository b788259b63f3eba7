-- One more tenant setting: whether behaviour of users who withdrew both consents is stored at all
-- ("keep": stored, used for nothing personal; "drop": not stored, ingest says so per entry).
UPDATE tenants SET settings = settings || jsonb_build_object('eventsWithoutConsent', 'keep')
WHERE NOT settings ? 'eventsWithoutConsent';
