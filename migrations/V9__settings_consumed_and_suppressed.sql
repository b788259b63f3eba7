-- Two tenant settings joined the (always complete) settings document: which engagements consume an
-- item for its user, and categories never to recommend. Stored documents get the defaults.
UPDATE tenants SET settings = settings
  || jsonb_build_object('consumedEvents', jsonb_build_array('view', 'click', 'add_to_cart', 'purchase'))
  || jsonb_build_object('suppressedCategories', jsonb_build_array())
WHERE NOT settings ? 'consumedEvents';
